// Cron triggers: ticks on schedule, the last output as the next run's data, and missed ticks
// (intake was down) run once at start-up.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <mutex>
#include <thread>

#include "intake/common/ids.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::HandlerOutcome;
using jobs::RunState;
using namespace std::chrono_literals;

const std::string kHourlyPull = R"(
inboxes: { test: {} }
jobs:
  pull: { handler: log }
triggers:
  hourly: { type: cron, cron: "0 * * * *", jobs: [pull] }
)";

std::vector<jobs::RunRecord> runs_of(RuntimeHarness& harness, const std::string& job) {
  std::vector<jobs::RunRecord> found;
  for (auto& run : harness.runs()) {
    if (run.job == job) found.push_back(run);
  }
  return found;
}

std::vector<jobs::RunRecord> wait_for_count(RuntimeHarness& harness, const std::string& job,
                                            std::size_t count) {
  for (int i = 0; i < 1000; ++i) {
    auto runs = runs_of(harness, job);
    if (runs.size() >= count && std::all_of(runs.begin(), runs.end(), finished)) return runs;
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "expected " << count << " finished runs of " << job;
  return runs_of(harness, job);
}

// The hour boundary after `ms`.
std::int64_t next_hour(std::int64_t ms) { return (ms / 3'600'000 + 1) * 3'600'000; }

TEST(CronTriggers, TicksOnScheduleAndPassesTheLastOutputOn) {
  FakeClock clock(next_hour(unix_millis_now()) - 60'000);  // a minute before the hour
  std::vector<nlohmann::json> seen;
  std::mutex mutex;
  RuntimeHarness harness(
      kHourlyPull,
      {{"pull", scripted([&](const jobs::AttemptContext& context, jobs::AttemptDone done) {
          const nlohmann::json data = (*context.state)["data"];
          {
            std::lock_guard lock(mutex);
            seen.push_back(data);
          }
          const int cursor = data.is_object() ? data.value("cursor", 0) : 0;
          done(HandlerOutcome::success({{"cursor", cursor + 1}}));
        })}},
      {.clock = &clock});
  harness.start();
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(runs_of(harness, "pull").empty());  // a new trigger waits for its first tick

  clock.advance(61s);
  harness.runtime().wake();
  auto runs = wait_for_count(harness, "pull", 1);
  EXPECT_EQ(runs[0].kind, jobs::RunKind::cron);
  EXPECT_EQ(runs[0].state, RunState::succeeded);

  clock.advance(1h);
  harness.runtime().wake();
  runs = wait_for_count(harness, "pull", 2);
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].is_null());                       // no cursor yet
  EXPECT_EQ(seen[1], (nlohmann::json{{"cursor", 1}}));  // the first run's output
  const auto states = harness.store().cron_states();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(states[0].output), (nlohmann::json{{"cursor", 2}}));
}

TEST(CronTriggers, OversizedOutputIsAClearErrorNotACursor) {
  FakeClock clock(next_hour(unix_millis_now()) - 1'000);
  RuntimeHarness harness(kHourlyPull,
                         {{"pull", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
                             done(HandlerOutcome::success({{"objects", std::string(2u << 20, 'x')}}));
                           })}},
                         {.clock = &clock});
  harness.start();
  std::this_thread::sleep_for(100ms);
  clock.advance(2s);
  harness.runtime().wake();
  const auto runs = wait_for_count(harness, "pull", 1);
  EXPECT_EQ(runs[0].state, RunState::dead);
  EXPECT_NE(runs[0].last_error.find("output a cursor"), std::string::npos) << runs[0].last_error;
  const auto states = harness.store().cron_states();
  for (const auto& state : states) EXPECT_TRUE(state.output.empty());
}

TEST(CronTriggers, ScheduleIsReadInTheTriggersTimeZone) {
  // Asia/Kolkata is UTC+5:30: its hours start at half past the UTC hour.
  const std::string config = R"(
inboxes: { test: {} }
jobs:
  pull: { handler: log }
triggers:
  hourly: { type: cron, cron: "0 * * * *", timezone: Asia/Kolkata, jobs: [pull] }
)";
  const std::int64_t half_hour = 1'800'000;
  const std::int64_t now = unix_millis_now();
  std::int64_t tick = (now / 3'600'000) * 3'600'000 + half_hour;
  if (tick - 60'000 <= now) tick += 3'600'000;
  FakeClock clock(tick - 60'000);
  RuntimeHarness harness(
      config, {{"pull", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
                  done(HandlerOutcome::success(nullptr));
                })}},
      {.clock = &clock});
  harness.start();
  clock.advance(59s);
  harness.runtime().wake();
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(runs_of(harness, "pull").empty());  // not yet: the tick is at hh:30 UTC
  clock.advance(2s);
  harness.runtime().wake();
  wait_for_count(harness, "pull", 1);
  const auto states = harness.store().cron_states();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].last_tick_ms, tick);  // hh:30 UTC, 00 past the hour in Kolkata
}

TEST(CronTriggers, MissedTicksRunOnceAtStartUp) {
  TempDir dir;
  const std::string db = (dir.path() / "intake.db").string();
  const std::int64_t now = unix_millis_now();
  {
    // Last tick five hours ago: intake was down for five hourly ticks.
    RuntimeHarness before(kHourlyPull, {}, {}, db);  // creates the schema
    before.stop();
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    const std::string sql =
        "INSERT INTO cron_state (trigger, job, last_tick_ms) VALUES ('hourly', 'pull', " +
        std::to_string(now - 5 * 3'600'000) + ")";
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  RuntimeHarness after(kHourlyPull,
                       {{"pull", scripted([](const jobs::AttemptContext&, jobs::AttemptDone done) {
                           done(HandlerOutcome::success(nullptr));
                         })}},
                       {}, db);
  after.start();
  wait_for_count(after, "pull", 1);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(runs_of(after, "pull").size(), 1u);
  const auto states = after.store().cron_states();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_LE(now - states[0].last_tick_ms, 3'600'000);  // the latest missed tick
  EXPECT_GT(states[0].last_tick_ms, now - 5 * 3'600'000);
}

}  // namespace
}  // namespace intake::test
