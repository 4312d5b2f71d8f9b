// commcare.list end to end: a real runtime and store, the real handler from the registry, the
// in-process CommCare HQ emulator seeded with the shared fixtures, and a real intake inbox.

#include <gtest/gtest.h>

#include <thread>

#include "intake/common/ids.hpp"
#include "intake/emulator/emulator.hpp"
#include "intake/store/store.hpp"
#include "support/http_client.hpp"
#include "support/runtime_harness.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

using jobs::RunState;
using nlohmann::json;
using namespace std::chrono_literals;

class ListJob : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator::Options options;
    options.users = {{"api@example.org", "k3y", "", {"demo"}}};
    options.seed_fixtures = fixtures_dir();
    hq_ = std::make_unique<emulator::CommCareEmulator>(options);
    hq_->start();
  }

  std::string config(const std::string& params, const std::string& extra = "") {
    return R"(
inboxes: { test: {} }
credentials:
  hq: { type: commcare, base_url: ")" +
           hq_->base_url() + R"(", domain: demo, username: api@example.org, api_key: k3y }
jobs:
  pull:
    handler: commcare.list
    credential: hq
    retry: { max_attempts: 2, initial: 20ms }
    params: )" +
           params + "\n" + extra;
  }

  // New cases through the Case API (bulk create).
  void create_cases(int count, const std::string& prefix) {
    json items = json::array();
    for (int i = 0; i < count; ++i) {
      items.push_back({{"create", true},
                       {"case_type", "patient"},
                       {"case_name", prefix + std::to_string(i)},
                       {"owner_id", "owner-1"},
                       {"external_id", prefix + std::to_string(i)}});
    }
    const auto answer = http_request(
        hq_->port(), "POST", "/a/demo/api/case/v2/",
        {{"Authorization", "ApiKey api@example.org:k3y"}, {"Content-Type", "application/json"}},
        items.dump());
    ASSERT_EQ(answer.status, 200) << answer.body;
  }

  int requests_to(const std::string& endpoint) {
    int n = 0;
    for (const auto& r : hq_->received()) n += r.endpoint == endpoint;
    return n;
  }

  std::unique_ptr<emulator::CommCareEmulator> hq_;
};

std::set<std::string> ids_of(const json& objects, const char* key) {
  std::set<std::string> ids;
  for (const auto& o : objects) ids.insert(o[key].get<std::string>());
  return ids;
}

TEST_F(ListJob, FormsFollowMetaNextToTheEnd) {
  const std::size_t seeded = hq_->forms().size();
  ASSERT_GE(seeded, 2u);
  for (const char* api : {"v1", "v0.5"}) {
    RuntimeHarness harness(
        config(std::string("{ resource: forms, api: \"") + api + "\", limit: 1 }"), {});
    harness.start();
    const auto run = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
    ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
    const json output = json::parse(run.output);
    EXPECT_EQ(output["count"], seeded) << api;
    EXPECT_EQ(output["pages"], seeded) << api;
    EXPECT_EQ(ids_of(output["objects"], "id"), ids_of(hq_->forms(), "id"));
    EXPECT_FALSE(output["cursor"].is_null());
  }
  EXPECT_EQ(requests_to("form_list"), static_cast<int>(2 * seeded));
}

TEST_F(ListJob, CasesFollowTheCursorOfNextToTheEnd) {
  create_cases(5, "P-");
  const std::size_t total = hq_->cases().size();
  RuntimeHarness harness(config("{ resource: cases, limit: 2, filters: { case_type: patient } }"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json output = json::parse(run.output);
  std::size_t patients = 0;
  for (const auto& c : hq_->cases()) patients += c["case_type"] == "patient";
  EXPECT_GE(patients, 5u);
  EXPECT_LE(patients, total);
  EXPECT_EQ(output["count"], patients);
  EXPECT_EQ(output["pages"], (patients + 1) / 2);
  std::vector<std::string> targets;
  for (const auto& r : hq_->received()) {
    if (r.endpoint == "case_api" && r.method == "GET") targets.push_back(r.target);
  }
  ASSERT_EQ(targets.size(), output["pages"].get<std::size_t>());
  EXPECT_EQ(targets[0], "/a/demo/api/case/v2/?limit=2&case_type=patient");
  for (std::size_t i = 1; i < targets.size(); ++i)
    EXPECT_NE(targets[i].find("cursor="), std::string::npos) << targets[i];
}

TEST_F(ListJob, ASecondRunWithTheOutputAsDataPullsOnlyNewerCases) {
  RuntimeHarness harness(config("{ resource: cases, limit: 2 }"), {});
  harness.start();
  const auto first = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  ASSERT_EQ(first.state, RunState::succeeded) << first.last_error;
  const json first_output = json::parse(first.output);
  EXPECT_EQ(first_output["count"], hq_->cases().size());

  const auto again = harness.wait_for(harness.post(first_output, {"pull"})[0]);
  ASSERT_EQ(again.state, RunState::succeeded) << again.last_error;
  const json again_output = json::parse(again.output);
  EXPECT_EQ(again_output["count"], 0) << again_output.dump();
  EXPECT_EQ(again_output["cursor"], first_output["cursor"]);

  create_cases(3, "NEW-");
  const auto third = harness.wait_for(harness.post(again_output, {"pull"})[0]);
  ASSERT_EQ(third.state, RunState::succeeded) << third.last_error;
  const json third_output = json::parse(third.output);
  EXPECT_EQ(third_output["count"], 3) << third_output.dump();
  for (const auto& c : third_output["objects"])
    EXPECT_EQ(c["external_id"].get<std::string>().rfind("NEW-", 0), 0u);
  EXPECT_GT(third_output["cursor"].get<std::string>(), first_output["cursor"].get<std::string>());
}

TEST_F(ListJob, IncrementalFormsPullSkipsWhatTheCursorCovers) {
  RuntimeHarness harness(config("{ resource: forms, limit: 1 }"), {});
  harness.start();
  const auto first = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  ASSERT_EQ(first.state, RunState::succeeded) << first.last_error;
  const auto again = harness.wait_for(harness.post(json::parse(first.output), {"pull"})[0]);
  ASSERT_EQ(again.state, RunState::succeeded) << again.last_error;
  EXPECT_EQ(json::parse(again.output)["count"], 0) << again.output;
}

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

std::int64_t next_hour(std::int64_t ms) { return (ms / 3'600'000 + 1) * 3'600'000; }

TEST_F(ListJob, ACronTriggerKeepsTheCursorAcrossRunsAndARestart) {
  FakeClock clock(next_hour(unix_millis_now()) - 60'000);
  const std::string yaml =
      config("{ resource: cases, limit: 50 }",
             "triggers:\n  hourly: { type: cron, cron: \"0 * * * *\", jobs: [pull] }\n");
  TempDir dir;
  const std::string db = (dir.path() / "intake.db").string();
  {
    RuntimeHarness harness(yaml, {}, {.clock = &clock}, db);
    harness.start();
    std::this_thread::sleep_for(100ms);  // the trigger starts waiting for its first tick
    clock.advance(61s);
    harness.runtime().wake();
    auto runs = wait_for_count(harness, "pull", 1);
    ASSERT_EQ(runs.size(), 1u);
    ASSERT_EQ(runs[0].state, RunState::succeeded) << runs[0].last_error;
    EXPECT_EQ(json::parse(runs[0].output)["count"], hq_->cases().size());

    create_cases(2, "HOUR2-");
    clock.advance(1h);
    harness.runtime().wake();
    runs = wait_for_count(harness, "pull", 2);  // newest first
    ASSERT_EQ(runs.size(), 2u);
    ASSERT_EQ(runs[0].state, RunState::succeeded) << runs[0].last_error;
    EXPECT_EQ(json::parse(runs[0].output)["count"], 2) << runs[0].output;
    harness.stop();
  }
  create_cases(1, "AFTER-RESTART-");
  RuntimeHarness restarted(yaml, {}, {.clock = &clock}, db);
  restarted.start();
  std::this_thread::sleep_for(100ms);
  clock.advance(1h);
  restarted.runtime().wake();
  auto runs = wait_for_count(restarted, "pull", 3);
  ASSERT_EQ(runs.size(), 3u);
  ASSERT_EQ(runs[0].state, RunState::succeeded) << runs[0].last_error;
  const json output = json::parse(runs[0].output);
  ASSERT_EQ(output["count"], 1) << runs[0].output;
  EXPECT_EQ(output["objects"][0]["external_id"], "AFTER-RESTART-0");
}

TEST_F(ListJob, DeliveryIntoAnIntakeInboxPassesThroughItsTriggers) {
  RunningServer inbox(R"(
inboxes:
  commcare:
    auth: [ { type: api_key, header: x-api-key, key: "inbox-key" } ]
    dedupe: [/case_id]
jobs:
  notify: { handler: log }
triggers:
  cases-in: { type: message, inbox: commcare, criteria: {}, jobs: [notify] }
)");
  const std::string url = "http://127.0.0.1:" + std::to_string(inbox.port()) + "/inbox/commcare";
  RuntimeHarness harness(config("{ resource: cases, limit: 2, deliver_to: { url: \"" + url +
                                "\", headers: { x-api-key: inbox-key } } }"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json output = json::parse(run.output);
  const std::size_t total = hq_->cases().size();
  EXPECT_EQ(output["delivered"], total);
  EXPECT_FALSE(output.contains("objects"));
  EXPECT_EQ(inbox.store().count_messages(), static_cast<std::int64_t>(total));
  auto& store = dynamic_cast<Store&>(inbox.store());
  jobs::RunQuery query;
  query.job = "notify";
  EXPECT_EQ(store.list_runs(query).size(), total);

  // A retry of the whole pull (no cursor) is dropped by the inbox's dedupe.
  const auto again = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  ASSERT_EQ(again.state, RunState::succeeded) << again.last_error;
  EXPECT_EQ(inbox.store().count_messages(), static_cast<std::int64_t>(total));
}

TEST_F(ListJob, AThrottledPageWaitsForRetryAfterAndABadFilterIsPermanent) {
  RuntimeHarness harness(config("{ resource: cases, limit: 2 }"), {});
  harness.start();
  hq_->fail_next(1, 429, 5, "", "/a/demo/api/case/v2/");
  const auto before = unix_millis_now();
  const auto throttled =
      harness.wait_for(harness.post(json::object(), {"pull"})[0],
                       [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_GE(throttled.due_at_ms, before + 5'000);

  RuntimeHarness bad(config("{ resource: cases, filters: { colour: red } }"), {});
  bad.start();
  const auto run = bad.wait_for(bad.post(json::object(), {"pull"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("not a valid parameter"), std::string::npos) << run.last_error;
}

TEST_F(ListJob, ParamsAreCheckedWhenTheConfigLoads) {
  EXPECT_THROW(RuntimeHarness(config("{ resource: cases, api: v1 }"), {}), std::exception);
  EXPECT_THROW(RuntimeHarness(config("{ resource: forms, limit: 5000 }"), {}), std::exception);
  EXPECT_THROW(RuntimeHarness(config("{ resource: notes }"), {}), std::exception);
  EXPECT_THROW(RuntimeHarness(config("{ resource: cases, deliver_to: { url: ftp://x } }"), {}),
               std::exception);
}

TEST_F(ListJob, ARefusingInboxFailsThePull) {
  RunningServer inbox(R"(
inboxes:
  commcare:
    auth: [ { type: api_key, header: x-api-key, key: "inbox-key" } ]
)");
  const std::string url = "http://127.0.0.1:" + std::to_string(inbox.port()) + "/inbox/commcare";
  RuntimeHarness harness(config("{ resource: cases, deliver_to: { url: \"" + url +
                                "\", headers: { x-api-key: wrong } } }"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(json::object(), {"pull"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_NE(run.last_error.find("answered 401"), std::string::npos) << run.last_error;
}

}  // namespace
}  // namespace intake::test
