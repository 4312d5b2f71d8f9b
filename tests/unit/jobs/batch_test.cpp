// `batch:` gathers the runs of many messages into one handler call; the outcome is recorded for
// each run it carried.

#include <gtest/gtest.h>

#include <mutex>

#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::ErrorKind;
using jobs::HandlerOutcome;
using jobs::RunState;
using namespace std::chrono_literals;

std::string batch_config(const std::string& batch) {
  return R"(
inboxes: { test: {} }
jobs:
  upload:
    handler: log
    retry: { max_attempts: 2, initial: 10ms }
    batch: )" +
         batch + "\n";
}

struct Calls {
  std::mutex mutex;
  std::vector<std::vector<int>> sizes_and_items;
};

std::shared_ptr<const jobs::Handler> recording(Calls& calls, bool fail = false) {
  return scripted([&calls, fail](const jobs::AttemptContext& context, jobs::AttemptDone done) {
    std::vector<int> items;
    for (const nlohmann::json* state : context.states()) items.push_back((*state)["data"]["n"]);
    {
      std::lock_guard lock(calls.mutex);
      calls.sizes_and_items.push_back(items);
    }
    if (fail)
      return done(
          HandlerOutcome::failure(ErrorKind::permanent, "HQ refused the upload: bad column"));
    done(HandlerOutcome::success({{"uploaded", items.size()}}));
  });
}

TEST(JobBatches, HundredMessagesBecomeOneCall) {
  Calls calls;
  RuntimeHarness harness(batch_config("{ max_items: 100, max_wait: 10s }"),
                         {{"upload", recording(calls)}});
  std::vector<std::string> ids;
  for (int n = 0; n < 100; ++n) ids.push_back(harness.post({{"n", n}}, {"upload"})[0]);
  harness.start();
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  std::lock_guard lock(calls.mutex);
  ASSERT_EQ(calls.sizes_and_items.size(), 1u);
  EXPECT_EQ(calls.sizes_and_items[0].size(), 100u);
  const auto run = harness.store().find_run(ids[7]);
  EXPECT_EQ(nlohmann::json::parse(run->output), (nlohmann::json{{"uploaded", 100}}));
  EXPECT_NE(run->attempt_log.at(0).log.find("batch of 100 runs"), std::string::npos);
}

TEST(JobBatches, APartialBatchGoesAfterMaxWait) {
  Calls calls;
  RuntimeHarness harness(batch_config("{ max_items: 100, max_wait: 300ms }"),
                         {{"upload", recording(calls)}});
  harness.start();
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> ids;
  for (int n = 0; n < 3; ++n) ids.push_back(harness.post({{"n", n}}, {"upload"})[0]);
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
  std::lock_guard lock(calls.mutex);
  std::size_t total = 0;
  for (const auto& call : calls.sizes_and_items) total += call.size();
  EXPECT_EQ(total, 3u);
  EXPECT_LE(calls.sizes_and_items.size(), 2u);  // the three may straddle one claim
}

TEST(JobBatches, MaxItemsSplitsLargerLoads) {
  Calls calls;
  RuntimeHarness harness(batch_config("{ max_items: 10, max_wait: 200ms }"),
                         {{"upload", recording(calls)}});
  std::vector<std::string> ids;
  for (int n = 0; n < 35; ++n) ids.push_back(harness.post({{"n", n}}, {"upload"})[0]);
  harness.start();
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  std::lock_guard lock(calls.mutex);
  for (const auto& call : calls.sizes_and_items) EXPECT_LE(call.size(), 10u);
  EXPECT_GE(calls.sizes_and_items.size(), 4u);
}

TEST(JobBatches, AFailedBatchIsReportedForEveryRun) {
  Calls calls;
  RuntimeHarness harness(batch_config("{ max_items: 5, max_wait: 5s }"),
                         {{"upload", recording(calls, true)}});
  std::vector<std::string> ids;
  for (int n = 0; n < 5; ++n) ids.push_back(harness.post({{"n", n}}, {"upload"})[0]);
  harness.start();
  for (const auto& id : ids) {
    const auto run = harness.wait_for(id);
    EXPECT_EQ(run.state, RunState::dead);
    EXPECT_EQ(run.last_error, "HQ refused the upload: bad column");
  }
}

TEST(JobBatches, BatchOnAHandlerWithoutBatchesIsAConfigError) {
  try {
    load_config_text(R"(
inboxes: { test: {} }
jobs:
  call: { handler: http.request, params: { url: "http://127.0.0.1:1/" }, batch: { max_items: 10 } }
)",
                     "b.yaml", [](const std::string&) { return std::optional<std::string>(); });
    FAIL() << "expected an error";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("no `batch:`"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace intake::test
