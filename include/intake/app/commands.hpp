#pragma once
// The CLI's subcommands other than `serve`; each returns the process exit status.

#include <cstddef>
#include <optional>
#include <string>

namespace intake {

// `intake check`: validates the config and prints a short summary. 0 valid, 1 invalid.
int check_command(const std::string& config_path);

struct MatchOptions {
  std::string config_path;
  std::optional<std::string> inbox;
  std::optional<std::string> content_type;  // default: sniffed (JSON, or XML when it starts with '<')
  std::string payload_path;                 // a file, or "-" for stdin
  bool json = false;
};

// `intake match`: for each trigger, matched or the first reason it did not match.
// 0 when at least one trigger matched, 1 when none did, 2 on error.
int match_command(const MatchOptions& options);

// The commands that show what happened read the store of the config's storage.path read-only
// (safe while a server writes it). Each exits 0 when it showed something, 1 for an unknown id,
// a missing store or a read error, 2 for a usage or config error.
struct StoreCommandOptions {
  std::string config_path;
  bool json = false;  // one JSON document instead of text
};

// `intake messages`: the newest messages, one line each, with their triggers and runs.
struct MessagesOptions : StoreCommandOptions {
  std::optional<std::string> inbox;
  std::size_t limit = 50;
};
int messages_command(const MessagesOptions& options);

// `intake message ID`: a message's request, headers, query, triggers, body and runs.
struct MessageOptions : StoreCommandOptions {
  std::string id;
  bool body_only = false;  // the body's bytes as received, nothing else
  bool view = false;       // the JSON view the filters match against, nothing else
};
int message_command(const MessageOptions& options);

// `intake runs`: the newest runs, one line each, filtered by state, job or message.
struct RunsOptions : StoreCommandOptions {
  std::optional<std::string> status;  // checked by the command line against the run states
  std::optional<std::string> job;
  std::optional<std::string> message_id;
  std::size_t limit = 50;
};
int runs_command(const RunsOptions& options);

// `intake run ID`: a run's fields, input, output and every attempt with its log.
struct RunOptions : StoreCommandOptions {
  std::string id;
};
int run_command(const RunOptions& options);

struct HealthcheckOptions {
  std::string config_path;
  std::string path = "/healthz";
  int timeout_seconds = 3;
};

// `intake healthcheck`: GET `path` on the address the config listens on (a wildcard address on
// loopback), for container HEALTHCHECKs. 0 on a 2xx answer, 1 otherwise (Docker's healthy and
// unhealthy).
int healthcheck_command(const HealthcheckOptions& options);

}  // namespace intake
