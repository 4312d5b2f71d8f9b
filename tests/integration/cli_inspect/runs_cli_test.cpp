// `intake runs` and `intake run ID` on a store with a run in every state.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "seeded_store.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

// The table row that starts with `id`.
std::string row_of(const std::string& output, const std::string& id) {
  for (const auto& line : lines_of(output)) {
    if (line.rfind(id, 0) == 0) return line;
  }
  return {};
}

TEST(RunsCli, ListsEveryRunNewestFirstWithStoreTotals) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"runs"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto lines = lines_of(result.output);
  ASSERT_EQ(lines.size(), 8u) << result.output;  // header, 6 runs, totals
  for (const char* column :
       {"CREATED", "JOB", "TRIGGER", "KIND", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"}) {
    EXPECT_TRUE(contains(lines[0], column)) << column;
  }
  EXPECT_EQ(lines[1].rfind(s.flow_run, 0), 0u) << result.output;  // created last
  EXPECT_EQ(lines[7],
            "all runs in the store: 2 queued, 1 succeeded, 1 failed, 1 dead, 1 cancelled");

  const std::string forward = row_of(result.output, s.forward_run);
  EXPECT_TRUE(contains(forward, "forward  ")) << forward;
  EXPECT_TRUE(contains(forward, "registrations")) << forward;
  EXPECT_TRUE(contains(forward, "message")) << forward;
  EXPECT_TRUE(contains(forward, "failed")) << forward;
  EXPECT_TRUE(contains(forward, iso_utc(s.forward_due_at_ms, false))) << forward;
  EXPECT_TRUE(contains(forward, "HTTP 503…")) << forward;

  const std::string cancelled = row_of(result.output, s.cancelled_run);
  EXPECT_TRUE(contains(cancelled, "cancelled")) << cancelled;
  EXPECT_TRUE(contains(cancelled, "job 'retired' is not in the config any more")) << cancelled;
  const std::string dead = row_of(result.output, s.case_run);
  EXPECT_TRUE(contains(dead, "dead")) << dead;
  EXPECT_TRUE(contains(dead, "HTTP 400 bad request")) << dead;
  // Only a failed run has a next attempt.
  EXPECT_FALSE(contains(dead, iso_utc(s.forward_due_at_ms, false)));
}

TEST(RunsCli, FiltersByStatusJobAndMessage) {
  const auto& s = SeededStore::get();
  auto failed = intake_on_seeded({"runs", "--status", "failed"});
  ASSERT_EQ(failed.exit_code, 0) << failed.output;
  EXPECT_EQ(lines_of(failed.output).size(), 3u) << failed.output;
  EXPECT_FALSE(row_of(failed.output, s.forward_run).empty()) << failed.output;

  auto queued = intake_on_seeded({"runs", "--status", "queued"});
  EXPECT_EQ(lines_of(queued.output).size(), 4u) << queued.output;
  EXPECT_FALSE(row_of(queued.output, s.queued_run).empty()) << queued.output;
  EXPECT_FALSE(row_of(queued.output, s.flow_run).empty()) << queued.output;

  auto job = intake_on_seeded({"runs", "--job", "forward-case"});
  EXPECT_EQ(lines_of(job.output).size(), 3u) << job.output;
  EXPECT_FALSE(row_of(job.output, s.case_run).empty()) << job.output;

  auto message = intake_on_seeded({"runs", "--message", s.queued_id});
  EXPECT_EQ(lines_of(message.output).size(), 4u) << message.output;
  EXPECT_FALSE(row_of(message.output, s.queued_run).empty());
  EXPECT_FALSE(row_of(message.output, s.cancelled_run).empty());

  auto limited = intake_on_seeded({"runs", "--limit", "2"});
  EXPECT_EQ(lines_of(limited.output).size(), 5u) << limited.output;
  EXPECT_TRUE(contains(limited.output, "(the newest 2; --limit N shows more)")) << limited.output;

  auto none = intake_on_seeded({"runs", "--status", "running", "--job", "forward"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(lines_of(none.output)[0], "no running runs of job forward") << none.output;
}

TEST(RunsCli, JsonListWithTotals) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"runs", "--json", "--status", "failed"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto out = nlohmann::json::parse(result.output);
  ASSERT_EQ(out["runs"].size(), 1u);
  const auto& run = out["runs"][0];
  EXPECT_EQ(run["id"], s.forward_run);
  EXPECT_EQ(run["job"], "forward");
  EXPECT_EQ(run["trigger"], "registrations");
  EXPECT_EQ(run["kind"], "message");
  EXPECT_EQ(run["message_id"], s.form_id);
  EXPECT_EQ(run["parent_run_id"], nullptr);
  EXPECT_EQ(run["state"], "failed");
  EXPECT_EQ(run["attempts"], 1);
  EXPECT_EQ(run["next_attempt_at"], iso_utc(s.forward_due_at_ms));
  EXPECT_EQ(run["finished_at"], nullptr);
  EXPECT_EQ(run["last_error"], "POST http://127.0.0.1:9/hook: HTTP 503\nRetry-After: 3600");
  EXPECT_EQ(out["store_totals"], nlohmann::json({{"queued", 2},
                                                 {"running", 0},
                                                 {"succeeded", 1},
                                                 {"failed", 1},
                                                 {"dead", 1},
                                                 {"cancelled", 1}}));
}

TEST(RunCli, FailedRunShowsNextAttemptEachAttemptErrorAndLog) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"run", s.forward_run});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string& out = result.output;
  EXPECT_EQ(out.rfind("run ", 0), 0u) << out;
  EXPECT_TRUE(contains(out, "job         forward\n")) << out;
  EXPECT_TRUE(contains(out, "trigger     registrations (message)")) << out;
  EXPECT_TRUE(contains(out, "message     " + s.form_id)) << out;
  // The attempt limit comes from the config's retry.max_attempts.
  EXPECT_TRUE(contains(out, "failed: attempt 2 of 5 due " + iso_utc(s.forward_due_at_ms) + " (in "))
      << out;
  EXPECT_TRUE(contains(out, "input\n  (none: the data is the JSON view of message " + s.form_id))
      << out;
  EXPECT_TRUE(contains(out, "output\n  (none)")) << out;
  EXPECT_TRUE(contains(out, "took 1.5 s  retryable_error")) << out;
  // The attempt's error in full, every line.
  EXPECT_TRUE(
      contains(out, "  error: POST http://127.0.0.1:9/hook: HTTP 503\n    Retry-After: 3600\n"))
      << out;
  EXPECT_TRUE(contains(out, "  error  HTTP 503 from the partner")) << out;
}

TEST(RunCli, SucceededRunShowsOutputAndLogLines) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"run", s.log_run});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string& out = result.output;
  EXPECT_TRUE(contains(out, "state       succeeded")) << out;
  EXPECT_TRUE(contains(out, "finished    ")) << out;
  EXPECT_TRUE(contains(out, "output\n  {\n    \"logged\": true\n  }\n")) << out;
  EXPECT_TRUE(contains(out, "took 40 ms  succeeded")) << out;
  const auto info = out.find("info   registration form received");
  const auto warn = out.find("warn   no user id");
  ASSERT_NE(info, std::string::npos) << out;
  ASSERT_NE(warn, std::string::npos) << out;
  EXPECT_LT(info, warn);
}

TEST(RunCli, FlowRunShowsItsInputAndTheRunBeforeIt) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"run", s.flow_run});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "after run   " + s.log_run)) << result.output;
  EXPECT_TRUE(contains(result.output, "job         notify  (not in this config)")) << result.output;
  EXPECT_TRUE(contains(result.output, "input\n  {\n    \"data\": {\n      \"logged\": true"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "attempts\n  (none finished yet)")) << result.output;
}

TEST(RunCli, JsonHasInputOutputAndAttemptsWithLogs) {
  const auto& s = SeededStore::get();
  const auto failed =
      nlohmann::json::parse(intake_on_seeded({"run", s.forward_run, "--json"}).output);
  EXPECT_EQ(failed["input"], nullptr);
  EXPECT_EQ(failed["output"], nullptr);
  ASSERT_EQ(failed["attempt_log"].size(), 1u);
  const auto& attempt = failed["attempt_log"][0];
  EXPECT_EQ(attempt["number"], 1);
  EXPECT_EQ(attempt["duration_ms"], 1500);
  EXPECT_EQ(attempt["outcome"], "retryable_error");
  EXPECT_EQ(attempt["error"], "POST http://127.0.0.1:9/hook: HTTP 503\nRetry-After: 3600");
  ASSERT_EQ(attempt["log"].size(), 1u);
  EXPECT_EQ(attempt["log"][0]["level"], "error");
  EXPECT_EQ(attempt["log"][0]["message"], "HTTP 503 from the partner");

  const auto succeeded =
      nlohmann::json::parse(intake_on_seeded({"run", s.log_run, "--json"}).output);
  EXPECT_EQ(succeeded["output"], nlohmann::json({{"logged", true}}));
  EXPECT_EQ(succeeded["attempt_log"][0]["log"].size(), 2u);
  EXPECT_NE(succeeded["finished_at"], nullptr);

  const auto flow = nlohmann::json::parse(intake_on_seeded({"run", s.flow_run, "--json"}).output);
  EXPECT_EQ(flow["input"], nlohmann::json({{"data", {{"logged", true}}}}));
  EXPECT_EQ(flow["attempt_log"], nlohmann::json::array());
  EXPECT_EQ(flow["next_attempt_at"].get<std::string>().size(), 24u);  // queued: due now
}

}  // namespace
}  // namespace intake::test
