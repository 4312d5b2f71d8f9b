#include "intake/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include <iostream>

#include "intake/app/commands.hpp"
#include "intake/app/serve.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/jobs/run.hpp"
#include "intake/version.hpp"

namespace intake {
namespace {

constexpr const char* kReadsTheStore =
    "\n\nReads the config's store read-only: safe while `intake serve` runs.\n"
    "Exit status: 0 shown, 1 unknown id or missing/unreadable store, 2 usage or config error.";

// A command that reads the store: --config (its storage.path is the store) and --json.
CLI::App* add_store_command(CLI::App& app, const char* name, const char* description,
                            const std::string& examples, StoreCommandOptions& options) {
  auto* command = app.add_subcommand(name, description);
  command
      ->add_option("-c,--config", options.config_path,
                   "YAML config file; its storage.path is the store read")
      ->capture_default_str();
  command->add_flag("--json", options.json, "Print one JSON document instead of text");
  command->footer("\n" + examples + kReadsTheStore);
  return command;
}

void add_limit(CLI::App* command, std::size_t& limit) {
  command->add_option("-n,--limit", limit, "How many (newest first)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
}

const CLI::Validator kRunState(
    [](std::string& value) -> std::string {
      if (jobs::run_state_from_string(value)) return {};
      return "unknown run state '" + value +
             "': use queued, running, succeeded, failed, dead or cancelled";
    },
    "STATE", "run state");

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

  MatchOptions match;
  match.config_path = config_path;
  auto* match_cmd = app.add_subcommand(
      "match", "Explain which triggers a payload matches, and why the others do not");
  match_cmd->add_option("-c,--config", match.config_path, "YAML config file")
      ->capture_default_str();
  match_cmd->add_option("--inbox", match.inbox, "Inbox that receives the payload");
  match_cmd->add_option(
      "--content-type", match.content_type,
      "Content type of the payload (default: JSON, or XML if it starts with '<')");
  match_cmd->add_flag("--json", match.json, "Print the verdicts as JSON");
  match_cmd->add_option("payload", match.payload_path, "Payload file, or - for stdin")->required();

  MessagesOptions messages;
  messages.config_path = config_path;
  auto* messages_cmd = add_store_command(
      app, "messages", "List the newest messages: received, inbox, type, size, triggers, runs",
      "Example:\n  intake messages --config config/intake.yaml --inbox commcare --limit 20",
      messages);
  messages_cmd->add_option("--inbox", messages.inbox, "Only messages received by this inbox");
  add_limit(messages_cmd, messages.limit);

  MessageOptions message;
  message.config_path = config_path;
  auto* message_cmd = add_store_command(
      app, "message", "Show one message: request, headers, query, triggers, body and its runs",
      "Examples:\n  intake message --config config/intake.yaml ID\n"
      "  intake message --config config/intake.yaml ID --body-only | "
      "intake match --config config/intake.yaml -",
      message);
  message_cmd->add_option("id", message.id, "Message id (as `intake messages` prints it)")
      ->required();
  auto* body_only = message_cmd->add_flag("--body-only", message.body_only,
                                          "Write only the body, byte for byte as received");
  auto* view = message_cmd->add_flag("--view", message.view,
                                     "Print only the JSON view of the body (what filters match)");
  body_only->excludes(view);
  message_cmd->get_option("--json")->excludes(body_only)->excludes(view);

  RunsOptions runs;
  runs.config_path = config_path;
  auto* runs_cmd = add_store_command(
      app, "runs", "List the newest runs: job, trigger, state, attempts, next attempt, last error",
      "Example:\n  intake runs --config config/intake.yaml --status failed --job "
      "forward-registration",
      runs);
  runs_cmd
      ->add_option("--status", runs.status,
                   "Only runs in this state: queued, running, succeeded, failed, dead, cancelled")
      ->check(kRunState);
  runs_cmd->add_option("--job", runs.job, "Only runs of this job");
  runs_cmd->add_option("--message", runs.message_id,
                       "Only runs started by this message (follow-ups included)");
  add_limit(runs_cmd, runs.limit);

  RunOptions run;
  run.config_path = config_path;
  auto* run_cmd = add_store_command(
      app, "run", "Show one run: fields, input, output, every attempt with its error and log",
      "Example:\n  intake run --config config/intake.yaml ID", run);
  run_cmd->add_option("id", run.id, "Run id (as `intake runs` prints it)")->required();
  HealthcheckOptions health;
  health.config_path = config_path;
  auto* health_cmd = app.add_subcommand(
      "healthcheck", "GET /healthz on the configured listen address (exit 0 healthy, 1 not)");
  health_cmd->add_option("-c,--config", health.config_path, "YAML config file")
      ->capture_default_str();
  health_cmd->add_option("--path", health.path, "path to GET")->capture_default_str();
  health_cmd->add_option("--timeout", health.timeout_seconds, "seconds to wait for the answer")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();

  // A mistyped command would otherwise only get CLI11's "A subcommand is required".
  const auto is_command = [&app](const std::string& word) {
    const auto commands = app.get_subcommands({});
    return std::any_of(commands.begin(), commands.end(),
                       [&](const CLI::App* command) { return command->get_name() == word; });
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::cerr << "intake: unknown command '" << argv[1] << "' (commands:";
    for (const auto* command : app.get_subcommands({})) std::cerr << ' ' << command->get_name();
    std::cerr << "; intake --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the usage error
    return code == 0 ? 0 : 2;
  }
  if (serve_cmd->parsed()) return serve(config_path);
  if (check_cmd->parsed()) return check_command(config_path);
  if (match_cmd->parsed()) return match_command(match);
  if (messages_cmd->parsed()) return messages_command(messages);
  if (message_cmd->parsed()) return message_command(message);
  if (runs_cmd->parsed()) return runs_command(runs);
  if (run_cmd->parsed()) return run_command(run);
  if (health_cmd->parsed()) return healthcheck_command(health);
  return 2;
}

}  // namespace intake
