#pragma once
// The real `intake` binary as a child process, for crash, signal and CLI tests.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace intake::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs the intake binary with `args` to completion (bounded by `timeout`).
CommandResult run_intake(const std::vector<std::string>& args,
                         std::chrono::seconds timeout = std::chrono::seconds(30));

// Writes a config for a test server: listens on 127.0.0.1:<port>, store at <db>, one open inbox
// `commcare`. `server_extra` is added inside `server: { ... }` (e.g. "log_format: json").
void write_test_config(const std::filesystem::path& path, std::uint16_t port,
                       const std::filesystem::path& db, const std::string& server_extra = "");

class IntakeProcess {
 public:
  // Starts `intake serve --config <config>`; output goes to `log_path`. open_files > 0: the
  // process's open-file limit (soft and hard).
  IntakeProcess(const std::filesystem::path& config, const std::filesystem::path& log_path,
                std::size_t open_files = 0);
  ~IntakeProcess();
  // Polls GET /readyz until 200 (true) or the timeout (false).
  bool wait_ready(std::uint16_t port, std::chrono::milliseconds timeout);
  void kill(int signal);
  // Waits for the process to end; returns its exit status (128+signal when killed).
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
};

}  // namespace intake::test
