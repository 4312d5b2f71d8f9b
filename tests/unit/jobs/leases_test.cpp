// Leases: a run whose worker died is taken over after its lease; a stopping runtime gives its
// unfinished runs back without using up their attempts.

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "intake/common/ids.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::HandlerOutcome;
using jobs::RunState;
using namespace std::chrono_literals;

const std::string kOneJob = R"(
inboxes: { test: {} }
jobs:
  a: { handler: log, retry: { max_attempts: 3, initial: 1s } }
)";

std::shared_ptr<const jobs::Handler> never_finishes() {
  return scripted([](const jobs::AttemptContext&, jobs::AttemptDone) {});
}

std::shared_ptr<const jobs::Handler> succeeds() {
  return scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
    done(HandlerOutcome::success({{"ok", true}}));
  });
}

// A worker claims the run and dies (it never finishes nor renews); another takes it over once
// the lease has expired, and the lost attempt is on record.
TEST(JobLeases, RunOfADeadWorkerIsTakenOverAfterItsLease) {
  TempDir dir;
  const std::string db = (dir.path() / "intake.db").string();
  RuntimeHarness harness(kOneJob, {{"a", succeeds()}}, {.lease = 1000ms}, db);
  const auto id = harness.post({{"x", 1}}, {"a"})[0];

  std::promise<jobs::ClaimResult> claimed;
  harness.store().claim_runs(
      {.worker = "worker-that-dies",
       .now_ms = unix_millis_now(),
       .lease_ms = 300,
       .max_runs = 10,
       .jobs = {{"a", {.max_attempts = 3, .free_slots = -1}}}},
      [&](jobs::ClaimResult result) { claimed.set_value(std::move(result)); });
  ASSERT_EQ(claimed.get_future().get().runs.size(), 1u);
  EXPECT_EQ(harness.store().find_run(id)->state, RunState::running);

  harness.start();
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(run.attempts, 2);
  ASSERT_EQ(run.attempt_log.size(), 2u);
  EXPECT_EQ(run.attempt_log[0].outcome, "lease_expired");
  EXPECT_NE(run.attempt_log[0].error.find("worker-that-dies"), std::string::npos);
  EXPECT_EQ(run.attempt_log[1].outcome, "succeeded");
}

// A run that kills its worker on every attempt must still end.
TEST(JobLeases, LostLastAttemptEndsTheRunDead) {
  RuntimeHarness harness(kOneJob, {{"a", succeeds()}});
  const auto id = harness.post({{"x", 1}}, {"a"})[0];
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::promise<void> claimed;
    harness.store().claim_runs({.worker = "crashing-" + std::to_string(attempt),
                                .now_ms = unix_millis_now() + attempt * 1000,
                                .lease_ms = 1,
                                .max_runs = 1,
                                .jobs = {{"a", {.max_attempts = 3, .free_slots = -1}}}},
                               [&](jobs::ClaimResult result) {
                                 EXPECT_EQ(result.runs.size(), 1u);
                                 claimed.set_value();
                               });
    claimed.get_future().get();
  }
  std::this_thread::sleep_for(20ms);  // the third lease (1 ms) has expired by the real clock
  harness.start();
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_NE(run.last_error.find("lease expired"), std::string::npos);
  EXPECT_EQ(std::count_if(run.attempt_log.begin(), run.attempt_log.end(),
                          [](const auto& a) { return a.outcome == "lease_expired"; }),
            3);
}

TEST(JobLeases, StopReleasesUnfinishedRunsWithoutUsingAnAttempt) {
  TempDir dir;
  const std::string db = (dir.path() / "intake.db").string();
  std::string id;
  {
    RuntimeHarness first(kOneJob, {{"a", never_finishes()}}, {.grace = 200ms}, db);
    first.start();
    id = first.post({{"x", 1}}, {"a"})[0];
    first.wait_for(id, [](const auto& r) { return r.state == RunState::running; });
    first.stop();
    const auto released = first.store().find_run(id);  // store closed: read after reopening
    (void)released;
  }
  RuntimeHarness second(kOneJob, {{"a", succeeds()}}, {}, db);
  auto before = second.store().find_run(id);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->state, RunState::queued);
  EXPECT_EQ(before->attempts, 0);
  ASSERT_EQ(before->attempt_log.size(), 1u);
  EXPECT_EQ(before->attempt_log[0].outcome, "interrupted");

  second.start();
  const auto run = second.wait_for(id);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(run.attempts, 1);
}

TEST(JobLeases, StopWaitsForRunningAttemptsWithinTheGracePeriod) {
  RuntimeHarness harness(kOneJob,
                         {{"a", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
                             std::thread([done] {
                               std::this_thread::sleep_for(150ms);
                               done(HandlerOutcome::success(nullptr));
                             }).detach();
                           })}},
                         {.grace = 5000ms});
  harness.start();
  const auto id = harness.post({{"x", 1}}, {"a"})[0];
  harness.wait_for(id, [](const auto& r) { return r.state == RunState::running; });
  harness.runtime().stop();
  EXPECT_EQ(harness.store().find_run(id)->state, RunState::succeeded);
}

}  // namespace
}  // namespace intake::test
