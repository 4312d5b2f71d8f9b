#include "intake/app/cli.hpp"

#include <CLI/CLI.hpp>

#include "intake/version.hpp"

namespace intake {

int run_cli(int argc, char** argv) {
  CLI::App app{"intake: a durable webhook inbox for CommCare data forwarding"};
  app.set_version_flag("--version", std::string("intake ") + kVersion);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace intake
