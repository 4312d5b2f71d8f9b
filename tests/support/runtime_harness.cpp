#include "support/runtime_harness.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "intake/common/ids.hpp"
#include "intake/common/logging.hpp"
#include "intake/config/config_loader.hpp"

namespace intake::test {
namespace {

ConfigPtr config_with(const std::string& yaml,
                      const std::map<std::string, std::shared_ptr<const jobs::Handler>>& handlers) {
  static bool logging = [] {
    init_logging("text", "off");
    return true;
  }();
  (void)logging;
  Config config = load_config_text(yaml, "runtime-test.yaml",
                                   [](const std::string&) { return std::optional<std::string>(); });
  for (const auto& [job, handler] : handlers) {
    auto it = config.jobs.find(job);
    if (it == config.jobs.end()) throw std::runtime_error("no job " + job + " in the test config");
    it->second.compiled = handler;
  }
  return std::make_shared<const Config>(std::move(config));
}

}  // namespace

bool finished(const jobs::RunRecord& run) {
  return run.state == jobs::RunState::succeeded || run.state == jobs::RunState::dead ||
         run.state == jobs::RunState::cancelled;
}

RuntimeHarness::RuntimeHarness(const std::string& yaml,
                               std::map<std::string, std::shared_ptr<const jobs::Handler>> handlers,
                               HarnessOptions options, std::string db_path)
    : holder_(config_with(yaml, handlers)) {
  if (db_path.empty()) {
    dir_ = std::make_unique<TempDir>();
    db_path = (dir_->path() / "intake.db").string();
  }
  db_path_ = db_path;
  StoreOptions store_options;
  store_options.path = db_path_;
  store_ = open_sqlite_store(store_options);
  runtime_ = std::make_unique<jobs::JobRuntime>(
      *store_, holder_,
      jobs::RuntimeOptions{.threads = 2,
                           .max_in_flight = options.max_in_flight,
                           .lease = options.lease,
                           .poll = std::chrono::milliseconds(50),
                           .grace = options.grace,
                           .worker_id = "test-worker-" + new_uuid_v4().substr(0, 8),
                           .clock = options.clock,
                           .jitter = [j = options.jitter] { return j; }});
}

RuntimeHarness::~RuntimeHarness() { stop(); }

void RuntimeHarness::start() { runtime_->start(); }

void RuntimeHarness::stop() {
  if (runtime_) runtime_->stop();
  if (store_) store_->close();
}

std::vector<std::string> RuntimeHarness::post(const nlohmann::json& data,
                                              const std::vector<std::string>& jobs,
                                              std::string order_key) {
  IncomingMessage message;
  message.id = new_uuid_v7();
  message.inbox = "test";
  message.method = "POST";
  message.query_params_json = R"({"app_id":"abc"})";
  message.headers = {{"content-type", "application/json"}};
  message.content_type = "application/json";
  message.body = data.dump();
  message.received_at_ms = unix_millis_now();
  message.dedupe_key = "sha256:" + message.id;
  std::vector<std::string> ids;
  for (const std::string& job : jobs) {
    const std::string id = new_uuid_v7();
    ids.push_back(id);
    message.runs.push_back(
        {.id = id, .job = job, .trigger = "test-trigger", .order_key = order_key});
  }
  std::promise<AppendOutcome> stored;
  store_->append(std::move(message), [&](AppendOutcome outcome) { stored.set_value(outcome); });
  EXPECT_TRUE(stored.get_future().get().stored);
  runtime_->wake();
  return ids;
}

jobs::RunRecord RuntimeHarness::wait_for(const std::string& run_id,
                                         std::function<bool(const jobs::RunRecord&)> done,
                                         std::chrono::milliseconds timeout) {
  if (!done) done = finished;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<jobs::RunRecord> run;
  while (std::chrono::steady_clock::now() < deadline) {
    run = store_->find_run(run_id);
    if (run && done(*run)) return *run;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "run " << run_id << " did not reach the expected state in time (state: "
                << (run ? jobs::to_string(run->state) : "missing") << ")";
  return run.value_or(jobs::RunRecord{});
}

std::vector<jobs::RunRecord> RuntimeHarness::runs(std::size_t limit) {
  return store_->list_runs(
      {.state = std::nullopt, .job = std::nullopt, .message_id = std::nullopt, .limit = limit});
}

}  // namespace intake::test
