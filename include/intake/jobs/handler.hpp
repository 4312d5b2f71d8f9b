#pragma once
// What a job handler is: a named C++ class that checks its params when the config loads and then
// runs attempts asynchronously. Handlers see plain C++ only (no Asio, no SQLite).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake {
struct CredentialConfig;
struct JobConfig;
class EventLoop;
}  // namespace intake

namespace intake::adaptors {
class HttpClient;
}

namespace intake::jobs {

enum class ErrorKind { retryable, permanent };

struct HandlerError {
  ErrorKind kind = ErrorKind::retryable;
  std::string message;
  // The target asked us to wait (HTTP Retry-After); the retry is not scheduled sooner.
  std::optional<std::chrono::milliseconds> retry_after;
};

// One attempt's result: output data on success, or an error.
struct HandlerOutcome {
  nlohmann::json output;              // success: becomes the run's output (and a flow's data)
  std::optional<HandlerError> error;  // set: the attempt failed
  bool ok() const { return !error; }

  static HandlerOutcome success(nlohmann::json output) { return {std::move(output), std::nullopt}; }
  static HandlerOutcome failure(ErrorKind kind, std::string message,
                                std::optional<std::chrono::milliseconds> retry_after = {}) {
    return {nullptr, HandlerError{kind, std::move(message), retry_after}};
  }
};

struct LogLine {
  std::int64_t at_ms = 0;
  std::string level;  // debug | info | warn | error
  std::string message;
};

// The run's log for one attempt. A handler calls it from its own callbacks, never concurrently.
class RunLog {
 public:
  void debug(std::string message) { add("debug", std::move(message)); }
  void info(std::string message) { add("info", std::move(message)); }
  void warn(std::string message) { add("warn", std::move(message)); }
  void error(std::string message) { add("error", std::move(message)); }
  void add(std::string level, std::string message);
  const std::vector<LogLine>& lines() const { return lines_; }
  std::vector<LogLine> take() { return std::move(lines_); }

 private:
  std::vector<LogLine> lines_;
  std::size_t bytes_ = 0;
  bool truncated_ = false;
};

// Everything one attempt may use. Valid until the handler calls `done`.
struct AttemptContext {
  std::string run_id;
  std::string job;
  int attempt = 1;              // 1 for the first attempt
  std::string idempotency_key;  // message id (or run id) + ":" + job: stable across attempts
  // {"data": ..., "request": {"headers", "query", "path"}, "references": [...]}
  const nlohmann::json* state = nullptr;
  const CredentialConfig* credential = nullptr;  // the job's credential, if any
  RunLog* log = nullptr;
  EventLoop* loop = nullptr;             // timers and posting
  adaptors::HttpClient* http = nullptr;  // outgoing HTTP (TLS, timeouts)
  // Jobs with `batch:`: the states of every run this attempt carries (state == &batch->front());
  // the outcome applies to each of them. Null for a single run.
  const std::vector<nlohmann::json>* batch = nullptr;
  const std::vector<std::string>* batch_run_ids = nullptr;

  // The states this attempt works on: the batch, or the one state.
  std::vector<const nlohmann::json*> states() const {
    std::vector<const nlohmann::json*> all;
    if (batch) {
      for (const auto& s : *batch) all.push_back(&s);
    } else if (state) {
      all.push_back(state);
    }
    return all;
  }
};

using AttemptDone = std::function<void(HandlerOutcome)>;

// A handler compiled from one job's config (params parsed, templates compiled). Shared by every
// run of that job: keep per-attempt state in objects created by run().
class Handler {
 public:
  virtual ~Handler() = default;
  // Starts one attempt. Must call `done` exactly once, from any thread, and must not throw
  // after it has started asynchronous work.
  virtual void run(const AttemptContext& context, AttemptDone done) const = 0;
};

struct ParamProblem {
  std::string pointer;  // JSON pointer inside params ("" = params itself)
  std::string message;
};

// Thrown by a handler factory when the params are wrong; the config loader reports every problem
// with the YAML line it points at.
class ParamError : public std::runtime_error {
 public:
  explicit ParamError(std::vector<ParamProblem> problems);
  const std::vector<ParamProblem>& problems() const { return problems_; }

 private:
  std::vector<ParamProblem> problems_;
};

struct HandlerSpec {
  std::string name;
  std::string summary;
  bool needs_credential = false;
  std::vector<std::string> credential_types;  // empty: any
  std::size_t max_batch_items = 0;            // > 0: the job may set `batch:` up to this size
  // Compiles params (throws ParamError). Called when the config loads.
  std::function<std::shared_ptr<const Handler>(const JobConfig& job)> create;
};

// Every built-in handler, from src/jobs/handler_registry.cpp (one line each).
const std::vector<HandlerSpec>& handler_specs();
const HandlerSpec* find_handler_spec(std::string_view name);

}  // namespace intake::jobs
