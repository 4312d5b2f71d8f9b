#pragma once
// A real SQLite store and a real JobRuntime, with handlers the test scripts and a clock it moves.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "intake/config/config_holder.hpp"
#include "intake/jobs/handler.hpp"
#include "intake/jobs/job_runtime.hpp"
#include "intake/store/store.hpp"
#include "support/fixtures.hpp"

namespace intake::test {

class ScriptedHandler final : public jobs::Handler {
 public:
  using Body = std::function<void(const jobs::AttemptContext&, jobs::AttemptDone)>;
  explicit ScriptedHandler(Body body) : body_(std::move(body)) {}
  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    body_(context, std::move(done));
  }

 private:
  Body body_;
};

inline std::shared_ptr<const jobs::Handler> scripted(ScriptedHandler::Body body) {
  return std::make_shared<ScriptedHandler>(std::move(body));
}

class FakeClock final : public jobs::Clock {
 public:
  explicit FakeClock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t now_ms() override { return now_.load(); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

struct HarnessOptions {
  jobs::Clock* clock = nullptr;
  std::chrono::milliseconds lease{60'000};
  std::chrono::milliseconds grace{2'000};
  std::size_t max_in_flight = 256;
  double jitter = 1.0;  // retry delays at their base (no randomness in tests)
};

class RuntimeHarness {
 public:
  // `yaml` declares the jobs (any handler) and triggers; `handlers` replaces jobs' handlers.
  RuntimeHarness(const std::string& yaml,
                 std::map<std::string, std::shared_ptr<const jobs::Handler>> handlers,
                 HarnessOptions options = {}, std::string db_path = "");
  ~RuntimeHarness();

  jobs::JobRuntime& runtime() { return *runtime_; }
  Store& store() { return *store_; }
  ConfigHolder& config() { return holder_; }
  const std::string& db_path() const { return db_path_; }

  void start();
  void stop();  // runtime, then store

  // Stores a message whose JSON view is `data`, with one queued run per job; returns run ids.
  std::vector<std::string> post(const nlohmann::json& data, const std::vector<std::string>& jobs,
                                std::string order_key = "");

  // Polls the store until the run satisfies `done` (default: finished) or `timeout` passes.
  jobs::RunRecord wait_for(const std::string& run_id,
                           std::function<bool(const jobs::RunRecord&)> done = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Every run (newest first).
  std::vector<jobs::RunRecord> runs(std::size_t limit = 1000);

 private:
  std::unique_ptr<TempDir> dir_;
  std::string db_path_;
  std::unique_ptr<Store> store_;
  ConfigHolder holder_;
  std::unique_ptr<jobs::JobRuntime> runtime_;
};

bool finished(const jobs::RunRecord& run);

}  // namespace intake::test
