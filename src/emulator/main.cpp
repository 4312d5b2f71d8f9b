// intake-commcare-emulator: a CommCare HQ emulator on loopback (docs/emulator.md).

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "intake/emulator/emulator.hpp"

int main(int argc, char** argv) {
  using namespace intake::emulator;
  CLI::App app{
      "intake-commcare-emulator: serves CommCare HQ's Case API v2, Bulk Upload Case Data API, "
      "Form Submission API and Form Data API lists on loopback, strict like HQ. Control "
      "endpoints under /__emulator/ show what it received and inject failures (docs/emulator.md)."};
  Options options;
  std::string users_file;
  std::string seed;
  std::vector<std::string> domains;
  int port = 8000;
  app.add_option("--port", port, "TCP port (0: any free port, printed at start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--host", options.host, "address to listen on")->capture_default_str();
  app.add_option("--domain", domains, "project (domain) served; repeat for several")->required();
  app.add_option("--users", users_file,
                 "users file (YAML or JSON): username, api_key, password, "
                 "domains")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--seed-fixtures", seed,
                 "start with the forms and cases of this fixtures folder (../shared/fixtures)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--case-api-form-key", options.case_api_form_key,
                 "key naming the generated form in Case API write responses")
      ->check(CLI::IsMember({"form_id", "xform_id"}))
      ->capture_default_str();
  app.add_option("--import-polls", options.import_polls_before_done,
                 "status polls answering 'started' before an import finishes")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--require-openrosa-header", options.require_openrosa_header,
               "refuse submissions without X-OpenRosa-Version (HQ assumes 2.0)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage error (e.g. a missing users file)
    return code == 0 ? 0 : 2;      // docs/emulator.md: 2 for every usage error
  }

  options.port = static_cast<std::uint16_t>(port);
  options.domains = domains;
  options.seed_fixtures = seed;
  try {
    options.users = load_users_file(users_file);
  } catch (const std::exception& e) {
    std::cerr << "intake-commcare-emulator: " << e.what() << "\n";
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server threads inherit the mask

  CommCareEmulator emulator(options);
  try {
    emulator.start();
  } catch (const std::exception& e) {
    std::cerr << "intake-commcare-emulator: " << e.what() << "\n";
    return 1;
  }
  std::cout << "intake-commcare-emulator listening on " << emulator.base_url() << " (domains:";
  for (const auto& domain : options.domains) std::cout << ' ' << domain;
  std::cout << ", users: " << options.users.size() << ")" << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  emulator.stop();
  std::cout << "intake-commcare-emulator stopped" << std::endl;
  return 0;
}
