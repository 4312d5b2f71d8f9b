#pragma once
// The CLI's subcommands other than `serve`; each returns the process exit status.

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
