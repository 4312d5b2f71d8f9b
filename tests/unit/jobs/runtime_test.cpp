// The job runtime against a real SQLite store: runs finish as configured, retries follow the
// policy and the clock, flows and catches chain, caps and ordering hold.

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "intake/common/event_loop.hpp"
#include "intake/common/ids.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::ErrorKind;
using jobs::HandlerOutcome;
using jobs::RunState;
using namespace std::chrono_literals;

const std::string kJobs = R"(
inboxes:
  test: {}
jobs:
  a: { handler: log, retry: { max_attempts: 3, initial: 10s, multiplier: 3, max: 1h } }
  b: { handler: log }
  c: { handler: log }
triggers:
  after-a:  { type: flow, after: a, jobs: [b] }
  a-failed: { type: flow, after: a, on: failure, jobs: [c] }
)";

std::shared_ptr<const jobs::Handler> succeeds_with(nlohmann::json output) {
  return scripted([output](const jobs::AttemptContext& context, jobs::AttemptDone done) {
    context.log->info("handled " + context.run_id);
    done(HandlerOutcome::success(output));
  });
}

TEST(JobRuntime, MessageRunSucceedsWithItsStateAndLog) {
  nlohmann::json seen;
  std::string key;
  RuntimeHarness harness(
      kJobs, {{"a", scripted([&](const jobs::AttemptContext& context, jobs::AttemptDone done) {
                 seen = *context.state;
                 key = context.idempotency_key;
                 context.log->info("hello from a");
                 done(HandlerOutcome::success({{"ok", true}}));
               })}});
  harness.start();
  const auto ids = harness.post({{"form", {{"@name", "Registration"}}}}, {"a"});
  const auto run = harness.wait_for(ids[0]);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(nlohmann::json::parse(run.output), (nlohmann::json{{"ok", true}}));
  EXPECT_EQ(seen["data"]["form"]["@name"], "Registration");
  EXPECT_EQ(seen["request"]["query"]["app_id"], "abc");
  EXPECT_EQ(seen["request"]["headers"]["content-type"], "application/json");
  EXPECT_EQ(key, run.message_id + ":a");
  ASSERT_EQ(run.attempt_log.size(), 1u);
  EXPECT_EQ(run.attempt_log[0].outcome, "succeeded");
  EXPECT_NE(run.attempt_log[0].log.find("hello from a"), std::string::npos);
  EXPECT_TRUE(run.finished_at_ms.has_value());
}

TEST(JobRuntime, RetryableFailureIsRetriedOnTheClockThenSucceeds) {
  FakeClock clock(unix_millis_now() + 5'000);  // ahead of the runs posted below
  const std::int64_t t0 = clock.now_ms();
  std::atomic<int> calls{0};
  RuntimeHarness harness(
      kJobs,
      {{"a", scripted([&](const jobs::AttemptContext&, jobs::AttemptDone done) {
          if (++calls < 3)
            return done(HandlerOutcome::failure(ErrorKind::retryable, "HQ answered 503"));
          done(HandlerOutcome::success({{"done", true}}));
        })},
       {"b", succeeds_with(nullptr)}},
      {.clock = &clock});
  harness.start();
  const auto id = harness.post({{"x", 1}}, {"a"})[0];

  auto run = harness.wait_for(id, [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(run.due_at_ms, t0 + 10'000);  // initial, jitter at its top
  EXPECT_EQ(run.last_error, "HQ answered 503");

  std::this_thread::sleep_for(200ms);  // not due yet: nothing happens
  EXPECT_EQ(calls.load(), 1);
  clock.advance(10s);
  harness.runtime().wake();
  run = harness.wait_for(
      id, [](const auto& r) { return r.attempts == 2 && r.state == RunState::failed; });
  EXPECT_EQ(run.due_at_ms, t0 + 10'000 + 30'000);  // × multiplier

  clock.advance(30s);
  harness.runtime().wake();
  run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(run.attempts, 3);
  ASSERT_EQ(run.attempt_log.size(), 3u);
  EXPECT_EQ(run.attempt_log[0].outcome, "retryable_error");
  EXPECT_EQ(run.attempt_log[1].outcome, "retryable_error");
  EXPECT_EQ(run.attempt_log[2].outcome, "succeeded");
}

TEST(JobRuntime, RetryAfterFromTheTargetIsHonoured) {
  FakeClock clock(unix_millis_now() + 5'000);  // ahead of the runs posted below
  const std::int64_t t0 = clock.now_ms();
  RuntimeHarness harness(
      kJobs, {{"a", scripted([&](const jobs::AttemptContext&, jobs::AttemptDone done) {
                 done(HandlerOutcome::failure(ErrorKind::retryable, "429 Too Many Requests", 120s));
               })}},
      {.clock = &clock});
  harness.start();
  const auto id = harness.post({{"x", 1}}, {"a"})[0];
  const auto run = harness.wait_for(id, [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_EQ(run.due_at_ms, t0 + 120'000);
}

TEST(JobRuntime, PermanentErrorIsNotRetriedAndStartsTheCatchJob) {
  nlohmann::json catch_state;
  RuntimeHarness harness(
      kJobs,
      {{"a", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
          done(HandlerOutcome::failure(ErrorKind::permanent, "400 {\"error\": \"bad case_type\"}"));
        })},
       {"c", scripted([&](const jobs::AttemptContext& context, jobs::AttemptDone done) {
          catch_state = *context.state;
          done(HandlerOutcome::success(nullptr));
        })}});
  harness.start();
  const auto id = harness.post({{"case_id", "abc"}}, {"a"})[0];
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(run.attempt_log.at(0).outcome, "permanent_error");

  const auto all = harness.runs();
  const auto catch_run =
      std::find_if(all.begin(), all.end(), [](const auto& r) { return r.job == "c"; });
  ASSERT_NE(catch_run, all.end());
  EXPECT_EQ(catch_run->kind, jobs::RunKind::catch_failure);
  EXPECT_EQ(catch_run->parent_run_id, id);
  EXPECT_EQ(catch_run->message_id, run.message_id);
  EXPECT_EQ(harness.wait_for(catch_run->id).state, RunState::succeeded);
  EXPECT_EQ(catch_state["data"]["case_id"], "abc");  // A's input
  EXPECT_EQ(catch_state["error"]["job"], "a");
  EXPECT_EQ(catch_state["error"]["permanent"], true);
  EXPECT_NE(catch_state["error"]["message"].get<std::string>().find("bad case_type"),
            std::string::npos);
  EXPECT_EQ(catch_state["references"][0]["run_id"], id);
  // Nothing ran b (the success flow).
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [](const auto& r) { return r.job == "b"; }), 0);
}

TEST(JobRuntime, LastAttemptEndsDeadWithTheReason) {
  FakeClock clock(unix_millis_now() + 5'000);  // ahead of the runs posted below
  const std::int64_t t0 = clock.now_ms();
  RuntimeHarness harness(
      kJobs,
      {{"a", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
          done(HandlerOutcome::failure(ErrorKind::retryable, "connection refused"));
        })},
       {"c", succeeds_with(nullptr)}},
      {.clock = &clock});
  harness.start();
  const auto id = harness.post({{"x", 1}}, {"a"})[0];
  for (int attempt = 1; attempt < 3; ++attempt) {
    harness.wait_for(id, [attempt](const auto& r) {
      return r.attempts == attempt && r.state == RunState::failed;
    });
    clock.advance(1h);
    harness.runtime().wake();
  }
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 3);
  EXPECT_EQ(run.last_error, "connection refused (gave up after 3 attempts)");
}

TEST(JobRuntime, FlowJobGetsThePreviousOutputAsData) {
  nlohmann::json b_state;
  RuntimeHarness harness(
      kJobs, {{"a", succeeds_with({{"case_id", "new-case-1"}})},
              {"b", scripted([&](const jobs::AttemptContext& context, jobs::AttemptDone done) {
                 b_state = *context.state;
                 done(HandlerOutcome::success({{"b", "done"}}));
               })}});
  harness.start();
  const auto id = harness.post({{"form", {{"x", 1}}}}, {"a"})[0];
  harness.wait_for(id);
  std::string b_id;
  for (int i = 0; i < 500 && b_id.empty(); ++i) {
    for (const auto& r : harness.runs()) {
      if (r.job == "b") b_id = r.id;
    }
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(b_id.empty());
  const auto b = harness.wait_for(b_id);
  EXPECT_EQ(b.state, RunState::succeeded);
  EXPECT_EQ(b.kind, jobs::RunKind::flow);
  EXPECT_EQ(b_state["data"], (nlohmann::json{{"case_id", "new-case-1"}}));
  EXPECT_EQ(b_state["request"]["query"]["app_id"], "abc");  // the original message's request
  EXPECT_EQ(b_state["references"][0]["job"], "a");
}

TEST(JobRuntime, ConcurrencyCapHoldsAcrossManyRuns) {
  const std::string yaml = R"(
inboxes: { test: {} }
jobs:
  capped: { handler: log, concurrency: 2 }
)";
  std::mutex mutex;
  int running = 0;
  int most = 0;
  EventLoop timers;
  timers.start(1);
  std::vector<std::unique_ptr<Timer>> keep;
  RuntimeHarness harness(
      yaml, {{"capped", scripted([&](const jobs::AttemptContext&, jobs::AttemptDone done) {
                std::lock_guard lock(mutex);
                most = std::max(most, ++running);
                keep.push_back(timers.after(20ms, [&, done] {
                  {
                    std::lock_guard inner(mutex);
                    --running;
                  }
                  done(HandlerOutcome::success(nullptr));
                }));
              })}});
  harness.start();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(harness.post({{"i", i}}, {"capped"})[0]);
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  EXPECT_EQ(most, 2);
  harness.stop();
  timers.stop();
}

TEST(JobRuntime, OrderByRunsSameKeyOneAtATimeInArrivalOrder) {
  const std::string yaml = R"(
inboxes: { test: {} }
jobs:
  ordered: { handler: log, order_by: /data/case_id }
)";
  std::mutex mutex;
  std::map<std::string, int> running_per_key;
  std::vector<int> order_a;
  bool overlapped = false;
  EventLoop timers;
  timers.start(1);
  std::vector<std::unique_ptr<Timer>> keep;
  RuntimeHarness harness(
      yaml, {{"ordered", scripted([&](const jobs::AttemptContext& context, jobs::AttemptDone done) {
                const auto& data = (*context.state)["data"];
                const std::string key = data["case_id"];
                std::lock_guard lock(mutex);
                if (++running_per_key[key] > 1) overlapped = true;
                if (key == "A") order_a.push_back(data["n"]);
                keep.push_back(timers.after(5ms, [&, key, done] {
                  {
                    std::lock_guard inner(mutex);
                    --running_per_key[key];
                  }
                  done(HandlerOutcome::success(nullptr));
                }));
              })}});
  // Order keys are computed at ingest from the job's order_by; the harness passes them directly.
  std::vector<std::string> ids;
  for (int n = 0; n < 8; ++n) {
    const std::string key = n % 2 ? "B" : "A";
    ids.push_back(
        harness.post({{"case_id", key}, {"n", n}}, {"ordered"}, "ordered\x1f\"" + key + "\"")[0]);
  }
  harness.start();
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  EXPECT_FALSE(overlapped);
  EXPECT_EQ(order_a, (std::vector<int>{0, 2, 4, 6}));
  harness.stop();
  timers.stop();
}

TEST(JobRuntime, RunOfARemovedJobIsCancelled) {
  TempDir dir;
  const std::string db = (dir.path() / "intake.db").string();
  std::string id;
  {
    RuntimeHarness before(kJobs, {}, {}, db);
    id = before.post({{"x", 1}}, {"b"})[0];
    before.stop();
  }
  RuntimeHarness after(R"(
inboxes: { test: {} }
jobs: { a: { handler: log } }
)",
                       {}, {}, db);
  after.start();
  const auto run = after.wait_for(id);
  EXPECT_EQ(run.state, RunState::cancelled);
  EXPECT_NE(run.last_error.find("'b' is not in the config"), std::string::npos);
}

}  // namespace
}  // namespace intake::test
