#include "intake/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "intake/app/serve.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/version.hpp"

namespace intake {
namespace {

int check(const std::string& path) {
  try {
    Config config = load_config_file(path);
    for (const auto& warning : config.warnings) std::cout << "warning: " << warning << "\n";
    std::cout << path << ": OK: " << config.inboxes.size() << " inbox(es)";
    std::cout << "; listen " << config.server.listen_host << ":" << config.server.listen_port
              << "; store " << config.storage.path << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"intake: a durable webhook inbox for CommCare data forwarding"};
  app.set_version_flag("--version", std::string("intake ") + kVersion);
  app.require_subcommand(1);

  std::string config_path = "config/intake.yaml";
  auto* serve_cmd = app.add_subcommand("serve", "Receive CommCare forwarding requests");
  serve_cmd->add_option("-c,--config", config_path, "YAML config file")->capture_default_str();
  auto* check_cmd = app.add_subcommand("check", "Validate a config file and print a summary");
  check_cmd->add_option("-c,--config", config_path, "YAML config file")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve_cmd->parsed()) return serve(config_path);
  if (check_cmd->parsed()) return check(config_path);
  return 2;
}

}  // namespace intake
