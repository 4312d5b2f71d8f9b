#include "intake/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "intake/app/commands.hpp"
#include "intake/app/serve.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/version.hpp"

namespace intake {

int run_cli(int argc, char** argv) {
  CLI::App app{"intake: a durable webhook inbox for CommCare data forwarding"};
  app.set_version_flag("--version", std::string("intake ") + kVersion);
  app.require_subcommand(1);

  std::string config_path = "config/intake.yaml";
  auto* serve_cmd = app.add_subcommand("serve", "Receive CommCare forwarding requests");
  serve_cmd->add_option("-c,--config", config_path, "YAML config file")->capture_default_str();
  auto* check_cmd = app.add_subcommand("check", "Validate a config file and print a summary");
  check_cmd->add_option("-c,--config", config_path, "YAML config file")->capture_default_str();

  MatchOptions match;
  match.config_path = config_path;
  auto* match_cmd = app.add_subcommand(
      "match", "Explain which triggers a payload matches, and why the others do not");
  match_cmd->add_option("-c,--config", match.config_path, "YAML config file")->capture_default_str();
  match_cmd->add_option("--inbox", match.inbox, "Inbox that receives the payload");
  match_cmd->add_option("--content-type", match.content_type,
                        "Content type of the payload (default: JSON, or XML if it starts with '<')");
  match_cmd->add_flag("--json", match.json, "Print the verdicts as JSON");
  match_cmd->add_option("payload", match.payload_path, "Payload file, or - for stdin")->required();

  HealthcheckOptions health;
  health.config_path = config_path;
  auto* health_cmd = app.add_subcommand(
      "healthcheck", "GET /healthz on the configured listen address (exit 0 healthy, 1 not)");
  health_cmd->add_option("-c,--config", health.config_path, "YAML config file")->capture_default_str();
  health_cmd->add_option("--path", health.path, "path to GET")->capture_default_str();
  health_cmd->add_option("--timeout", health.timeout_seconds, "seconds to wait for the answer")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the usage error
    return code == 0 ? 0 : 2;
  }
  if (serve_cmd->parsed()) return serve(config_path);
  if (check_cmd->parsed()) return check_command(config_path);
  if (match_cmd->parsed()) return match_command(match);
  if (health_cmd->parsed()) return healthcheck_command(health);
  return 2;
}

}  // namespace intake
