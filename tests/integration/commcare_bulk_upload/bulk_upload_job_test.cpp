// commcare.bulk_upload end to end: a real runtime and store, the real handler from the registry,
// the in-process CommCare HQ emulator parsing the .xlsx and running the import.

#include <gtest/gtest.h>

#include "intake/common/ids.hpp"
#include "intake/emulator/emulator.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::RunState;
using nlohmann::json;
using namespace std::chrono_literals;

class BulkUploadJob : public ::testing::Test {
 protected:
  void SetUp() override { start_hq(1); }

  void start_hq(int polls_before_done) {
    emulator::Options options;
    options.users = {{"api@example.org", "k3y", "", {"demo"}}};
    options.import_polls_before_done = polls_before_done;
    hq_ = std::make_unique<emulator::CommCareEmulator>(options);
    hq_->start();
  }

  std::string config(const std::string& params, const std::string& extra = "",
                     const std::string& retry = "{ max_attempts: 3, initial: 20ms, max: 1s }") {
    return R"(
inboxes: { test: {} }
credentials:
  hq: { type: commcare, base_url: ")" +
           hq_->base_url() + R"(", domain: demo, username: api@example.org, api_key: k3y }
jobs:
  upload:
    handler: commcare.bulk_upload
    credential: hq
    retry: )" +
           retry + "\n" + extra + R"(
    params:
      case_type: patient
      search_field: external_id
      create_new_cases: true
      name_column: name
      comment: from intake
      poll_initial: 10ms
)" + params;
  }

  std::string attempt_log(const jobs::RunRecord& run) {
    std::string all;
    for (const auto& attempt : run.attempt_log) all += attempt.log + "\n";
    return all;
  }

  std::unique_ptr<emulator::CommCareEmulator> hq_;
};

const char* kPatientRows = R"(      rows:
        external_id: "{{ /data/form/patient_id }}"
        name: "{{ /data/form/name }}"
        phone: '{{ /data/form/phone | default: "" }}'
)";

json patient(const std::string& id, const std::string& name) {
  return {{"form", {{"patient_id", id}, {"name", name}, {"phone", "0712"}}}};
}

TEST_F(BulkUploadJob, OneMessageUploadsOneRowAndPollsUntilComplete) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error << attempt_log(run);
  const json imports = hq_->imports();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0]["header"], (json{"external_id", "name", "phone"}));
  EXPECT_EQ(imports[0]["rows"], (json{{"P-1", "Ada", "0712"}}));  // leading zero kept
  EXPECT_EQ(imports[0]["case_type"], "patient");
  EXPECT_EQ(imports[0]["search_field"], "external_id");
  EXPECT_EQ(imports[0]["name_column"], "name");
  EXPECT_EQ(imports[0]["comment"], "from intake");
  const json output = json::parse(run.output);
  EXPECT_EQ(output["result"]["created_count"], 1);
  EXPECT_NE(output["status_url"].get<std::string>().find("/status/"), std::string::npos);
  const json cases = hq_->cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["external_id"], "P-1");
  EXPECT_EQ(cases[0]["case_name"], "Ada");
  EXPECT_EQ(cases[0]["properties"]["phone"], "0712");
  int polls = 0;
  for (const auto& request : hq_->received()) {
    if (request.endpoint == "import_status") ++polls;
    EXPECT_EQ(request.headers.at("authorization"), "ApiKey api@example.org:k3y");
  }
  EXPECT_EQ(polls, 2);  // "started" once, then complete
}

TEST_F(BulkUploadJob, EachGivesOneRowPerRepeatEntryAndAcceptsASingleObject) {
  RuntimeHarness harness(config(R"(      each: "/data/form/child | default: []"
      rows:
        external_id: "{{ /data/id }}-{{ /index }}"
        name: "{{ /item/name }}"
        mother: "{{ /data/id }}"
)"),
                         {});
  harness.start();
  const auto many = harness.post(
      {{"id", "f1"}, {"form", {{"child", json::array({{{"name", "A"}}, {{"name", "B"}}})}}}},
      {"upload"})[0];
  ASSERT_EQ(harness.wait_for(many).state, RunState::succeeded);
  const auto one =
      harness.post({{"id", "f2"}, {"form", {{"child", {{"name", "C"}}}}}}, {"upload"})[0];
  ASSERT_EQ(harness.wait_for(one).state, RunState::succeeded);
  const json imports = hq_->imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0]["rows"], (json{{"f1-0", "f1", "A"}, {"f1-1", "f1", "B"}}));
  EXPECT_EQ(imports[0]["header"], (json{"external_id", "mother", "name"}));
  EXPECT_EQ(imports[1]["rows"], (json{{"f2-0", "f2", "C"}}));
  EXPECT_EQ(hq_->cases().size(), 3u);
}

TEST_F(BulkUploadJob, HundredMessagesInABatchAreOneUpload) {
  RuntimeHarness harness(config(kPatientRows, "    batch: { max_items: 100, max_wait: 20s }"), {});
  std::vector<std::string> ids;
  for (int n = 0; n < 100; ++n)
    ids.push_back(
        harness.post(patient("P-" + std::to_string(n), "N" + std::to_string(n)), {"upload"})[0]);
  harness.start();
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id, {}, 30s).state, RunState::succeeded);
  const json imports = hq_->imports();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0]["rows"].size(), 100u);
  EXPECT_EQ(hq_->cases().size(), 100u);
  const json output = json::parse(harness.store().find_run(ids[42])->output);
  EXPECT_EQ(output["rows"], 100);
}

TEST_F(BulkUploadJob, RowErrorsKillEveryRunOfTheBatchWithTheRowsInTheLog) {
  RuntimeHarness harness(config(kPatientRows, "    batch: { max_items: 3, max_wait: 20s }"), {});
  std::vector<std::string> ids = {harness.post(patient("P-1", "Ada"), {"upload"})[0],
                                  harness.post(patient("", "Nobody"), {"upload"})[0],
                                  harness.post(patient("P-3", "Cy"), {"upload"})[0]};
  harness.start();
  for (const auto& id : ids) {
    const auto run = harness.wait_for(id);
    EXPECT_EQ(run.state, RunState::dead);
    EXPECT_EQ(run.attempts, 1);
    EXPECT_NE(run.last_error.find("Blank External ID"), std::string::npos) << run.last_error;
    const std::string log = attempt_log(run);
    // The row number depends on the order the batch was claimed in; the run and cells do not.
    EXPECT_NE(
        log.find("(run " + ids[1] + "): {\\\"external_id\\\":\\\"\\\",\\\"name\\\":\\\"Nobody\\\""),
        std::string::npos)
        << log;
  }
  EXPECT_EQ(hq_->imports().size(), 1u);
}

TEST_F(BulkUploadJob, Upload400IsPermanentAnd500IsRetried) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  hq_->fail_next(1, 400, std::nullopt, R"({"code": 400, "message": "bad"})",
                 "/a/demo/importer/excel/");
  const auto refused = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  EXPECT_EQ(refused.state, RunState::dead);
  EXPECT_EQ(refused.attempts, 1);
  EXPECT_NE(refused.last_error.find("answered 400"), std::string::npos) << refused.last_error;

  hq_->fail_next(1, 500, std::nullopt, "", "/a/demo/importer/excel/");
  const auto retried = harness.wait_for(harness.post(patient("P-2", "Bo"), {"upload"})[0]);
  EXPECT_EQ(retried.state, RunState::succeeded) << retried.last_error;
  EXPECT_EQ(retried.attempts, 2);
  EXPECT_EQ(hq_->imports().size(), 1u);
}

TEST_F(BulkUploadJob, HqBadInputAnswerIsPermanent) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  hq_->fail_next(1, 500, std::nullopt, R"({"code": 500, "message": "Unknown search field"})",
                 "/a/demo/importer/excel/");
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("Unknown search field"), std::string::npos) << run.last_error;
}

TEST_F(BulkUploadJob, StatusPollsThatFailAreRepeatedWithoutUploadingAgain) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  hq_->fail_next(2, 503, std::nullopt, "", "/a/demo/importer/history/");
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  EXPECT_EQ(run.state, RunState::succeeded) << run.last_error;
  EXPECT_EQ(run.attempts, 1);
  EXPECT_EQ(hq_->imports().size(), 1u);
}

TEST(BulkUploadParams, TheSearchColumnMustBeAColumn) {
  EXPECT_THROW(RuntimeHarness(R"(
inboxes: { test: {} }
credentials:
  hq: { type: commcare, base_url: "http://127.0.0.1:1", domain: demo, username: u, api_key: k }
jobs:
  upload:
    handler: commcare.bulk_upload
    credential: hq
    params: { case_type: patient, search_field: external_id, rows: { name: "{{ /data/n }}" } }
)",
                              {}),
               std::exception);
}

TEST_F(BulkUploadJob, TooManyRequestsWaitsForRetryAfter) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  hq_->fail_next(1, 429, 30, "", "/a/demo/importer/excel/");
  const auto before = unix_millis_now();
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0],
                                    [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_GE(run.due_at_ms, before + 30'000);
  EXPECT_TRUE(hq_->imports().empty());
}

TEST_F(BulkUploadJob, AnImportThatNeverFinishesTimesOutRetryably) {
  hq_.reset();
  start_hq(1'000'000);
  RuntimeHarness harness(config(std::string(kPatientRows) + "      status_timeout: 300ms\n", "",
                                "{ max_attempts: 1 }"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  ASSERT_EQ(run.attempt_log.size(), 1u);
  EXPECT_EQ(run.attempt_log[0].outcome, "retryable_error");
  EXPECT_NE(run.last_error.find("status_timeout"), std::string::npos) << run.last_error;
}

TEST_F(BulkUploadJob, AFailedImportIsPermanent) {
  RuntimeHarness harness(config(kPatientRows), {});
  harness.start();
  hq_->fail_next_imports(1);
  const auto run = harness.wait_for(harness.post(patient("P-1", "Ada"), {"upload"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("state 3"), std::string::npos) << run.last_error;
}

}  // namespace
}  // namespace intake::test
