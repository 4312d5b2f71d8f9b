// commcare.case_upsert end to end: a real runtime and store, the in-process HQ emulator, the real
// handler from the registry.

#include <gtest/gtest.h>

#include "intake/common/ids.hpp"
#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/emulator/emulator.hpp"
#include "support/fixtures.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::RunState;
using nlohmann::json;

struct Hq {
  emulator::CommCareEmulator hq{[] {
    emulator::Options options;
    options.users = {{"api@example.org", "local-key", "", {"demo"}}};
    return options;
  }()};
  Hq() { hq.start(); }
};

std::string config_for(const std::string& base_url, const std::string& params,
                       const std::string& extra = "") {
  return R"(
inboxes: { test: {} }
credentials:
  hq: { type: commcare, base_url: ")" +
         base_url + R"(", domain: demo, username: api@example.org, api_key: local-key }
jobs:
  cases:
    handler: commcare.case_upsert
    credential: hq
    retry: { max_attempts: 3, initial: 20ms, multiplier: 2, max: 1s }
)" + extra +
         "    params: " + params + "\n";
}

const char* kPatientParams = R"({
      external_id: "{{ /data/patient_id }}", case_type: patient, case_name: "{{ /data/name }}",
      owner_id: owner-1, properties: { age: "{{ /data/age }}", enrolled: "{{ /data/enrolled | default: null }}",
                                       note: "{{ /data/note | default: null }}" } })";

json case_with_external_id(const json& cases, const std::string& external_id) {
  json found = json::array();
  for (const auto& c : cases)
    if (c.value("external_id", "") == external_id) found.push_back(c);
  return found;
}

TEST(CaseUpsertJob, CreatesACase) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), R"({
      case_type: child, case_name: "{{ /data/name }}", owner_id: owner-1,
      properties: { dob: "{{ /data/dob }}" } })"),
                         {});
  harness.start();
  const auto run =
      harness.wait_for(harness.post({{"name", "Ada"}, {"dob", "2020-01-01"}}, {"cases"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json cases = hq.hq.cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["case_type"], "child");
  EXPECT_EQ(cases[0]["case_name"], "Ada");
  EXPECT_EQ(cases[0]["properties"]["dob"], "2020-01-01");
  const json output = json::parse(run.output);
  EXPECT_EQ(output["case_ids"], json::array({cases[0]["case_id"]}));
  EXPECT_TRUE(output["form_id"].is_string());
  const auto requests = hq.hq.received();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/a/demo/api/case/v2/");
  EXPECT_EQ(requests[0].username, "api@example.org");
  EXPECT_EQ(json::parse(requests[0].body)[0]["create"], true);
}

TEST(CaseUpsertJob, UpdatesByCaseId) {
  Hq hq;
  RuntimeHarness create(
      config_for(hq.hq.base_url(), R"({ case_type: child, case_name: Ada, owner_id: o })"), {});
  create.start();
  ASSERT_EQ(create.wait_for(create.post({}, {"cases"})[0]).state, RunState::succeeded);
  const std::string case_id = hq.hq.cases()[0]["case_id"];
  RuntimeHarness update(config_for(hq.hq.base_url(), R"({
      case_id: "{{ /data/id }}", case_name: "{{ /data/name }}", close: "{{ /data/close }}",
      properties: { weight: "{{ /data/weight }}" } })"),
                        {});
  update.start();
  const auto run = update.wait_for(update.post(
      {{"id", case_id}, {"name", "Ada L."}, {"weight", 3.5}, {"close", true}}, {"cases"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json cases = hq.hq.cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["case_name"], "Ada L.");
  EXPECT_EQ(cases[0]["properties"]["weight"], "3.5");
  EXPECT_EQ(cases[0]["closed"], true);
}

TEST(CaseUpsertJob, UpsertByExternalIdTwiceGivesOneCaseWithStringProperties) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), kPatientParams), {});
  harness.start();
  const json first = {{"patient_id", "P-1"}, {"name", "Ada"}, {"age", 7}, {"enrolled", true}};
  ASSERT_EQ(harness.wait_for(harness.post(first, {"cases"})[0]).state, RunState::succeeded);
  json second = first;
  second["age"] = 8;
  second["note"] = "moved";
  const auto run = harness.wait_for(harness.post(second, {"cases"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json found = case_with_external_id(hq.hq.cases(), "P-1");
  ASSERT_EQ(found.size(), 1u) << hq.hq.cases().dump();
  EXPECT_EQ(found[0]["properties"]["age"], "8");
  EXPECT_EQ(found[0]["properties"]["enrolled"], "true");
  EXPECT_EQ(found[0]["properties"]["note"], "moved");
  const json sent = json::parse(hq.hq.received().at(0).body)[0];
  EXPECT_FALSE(sent.contains("create"));              // upsert
  EXPECT_FALSE(sent["properties"].contains("note"));  // null: left out
}

TEST(CaseUpsertJob, HqValidationErrorIsPermanentWithHqsMessageInTheLog) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), R"({ case_id: missing-case, case_name: x })"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post({}, {"cases"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  ASSERT_EQ(run.attempt_log.size(), 1u);
  const std::string log = run.attempt_log[0].log;
  EXPECT_NE(run.last_error.find("answered 400"), std::string::npos) << run.last_error;
  EXPECT_EQ(run.last_error.find("{\"error\""), std::string::npos) << run.last_error;
  EXPECT_NE(log.find("missing-case"), std::string::npos) << log;
}

TEST(CaseUpsertJob, RateLimitedIsRetriedAfterRetryAfter) {
  Hq hq;
  hq.hq.fail_next(1, 429, 1);
  RuntimeHarness harness(config_for(hq.hq.base_url(), kPatientParams), {});
  harness.start();
  const auto before = unix_millis_now();
  const auto id = harness.post({{"patient_id", "P-2"}, {"name", "Bo"}, {"age", 1}}, {"cases"})[0];
  const auto failed =
      harness.wait_for(id, [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_GE(failed.due_at_ms, before + 1000);
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::succeeded) << run.last_error;
  EXPECT_EQ(run.attempts, 2);
  EXPECT_EQ(case_with_external_id(hq.hq.cases(), "P-2").size(), 1u);
}

TEST(CaseUpsertJob, HundredMessagesInABatchAreOneRequestOfHundredCases) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), kPatientParams,
                                    "    batch: { max_items: 100, max_wait: 10s }\n"),
                         {});
  std::vector<std::string> ids;
  for (int n = 0; n < 100; ++n) {
    ids.push_back(harness.post(
        {{"patient_id", "B-" + std::to_string(n)}, {"name", "n" + std::to_string(n)}, {"age", n}},
        {"cases"})[0]);
  }
  harness.start();
  for (const auto& id : ids) EXPECT_EQ(harness.wait_for(id).state, RunState::succeeded);
  const auto requests = hq.hq.received();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(json::parse(requests[0].body).size(), 100u);
  EXPECT_EQ(hq.hq.cases().size(), 100u);
  const auto run = harness.store().find_run(ids[42]);
  EXPECT_EQ(json::parse(run->output)["case_ids"].size(), 100u);
  // The run's log names every run the batch carried.
  const std::string log = run->attempt_log.at(0).log;
  for (const auto& id : ids) EXPECT_NE(log.find(id), std::string::npos) << id;
}

TEST(CaseUpsertJob, AFailedBatchFailsEveryRunItCarries) {
  Hq hq;
  hq.hq.fail_next(1, 400, std::nullopt, R"({"error": "Payload too large"})");
  RuntimeHarness harness(config_for(hq.hq.base_url(), kPatientParams,
                                    "    batch: { max_items: 100, max_wait: 200ms }\n"),
                         {});
  std::vector<std::string> ids;
  for (int n = 0; n < 5; ++n)
    ids.push_back(harness.post(
        {{"patient_id", "F-" + std::to_string(n)}, {"name", "x"}, {"age", n}}, {"cases"})[0]);
  harness.start();
  for (const auto& id : ids) {
    const auto run = harness.wait_for(id);
    EXPECT_EQ(run.state, RunState::dead);
    for (const auto& other : ids)
      EXPECT_NE(run.attempt_log.at(0).log.find(other), std::string::npos);
    EXPECT_NE(run.last_error.find("Payload too large"), std::string::npos) << run.last_error;
  }
}

TEST(CaseUpsertJob, MiracleFeetFormBecomesAPatientUpsertAndAnAppointment) {
  Hq hq;
  const json form = json::parse(
      read_file(fixtures_dir() / "openfn/commcare-form-log-visit-details.miraclefeet.json"));
  RuntimeHarness harness(config_for(hq.hq.base_url(), R"({
      external_id: "{{ /data/form/calcs/case_properties/patient_id }}",
      case_type: patient,
      case_name: "{{ /data/form/calcs/case_properties/patient_name }}",
      owner_id: "{{ /data/form/meta/userID }}",
      properties: "{{ /data/form/case/update }}" })"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(form, {"cases"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const json found = case_with_external_id(hq.hq.cases(), "NIG-nigeria_test-0017-01");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["case_type"], "patient");
  EXPECT_EQ(found[0]["case_name"], "Sample Patient Name");
  EXPECT_EQ(found[0]["properties"]["bracing_stage"], "bracing_all_day");
  EXPECT_EQ(found[0]["properties"]["contact_phone_number"], "55555555555555");
  EXPECT_FALSE(found[0]["properties"].contains("visit_notes"));  // null answers are left out

  // The appointment sub-case, through `each` (a single repeat entry is an object), indexed to
  // the patient by external id.
  RuntimeHarness appointments(config_for(hq.hq.base_url(), R"({
      each: /data/form/subcase_0,
      external_id: "{{ /item/case/@case_id }}",
      case_type: "{{ /item/case/create/case_type }}",
      case_name: "{{ /item/case/create/case_name }}",
      owner_id: "{{ /item/case/create/owner_id }}",
      indices: { parent: { external_id: "{{ /data/form/calcs/case_properties/patient_id }}",
                           case_type: patient, relationship: child } },
      properties: { patient_id: "{{ /item/case/update/patient_id }}" } })"),
                              {});
  appointments.start();
  const auto second = appointments.wait_for(appointments.post(form, {"cases"})[0]);
  ASSERT_EQ(second.state, RunState::succeeded) << second.last_error;
  const json appointment =
      case_with_external_id(hq.hq.cases(), "2ffa861f-d37e-46df-9aa9-a6e7e1624f4d");
  ASSERT_EQ(appointment.size(), 1u);
  EXPECT_EQ(appointment[0]["case_type"], "appointment");
  EXPECT_EQ(appointment[0]["indices"]["parent"]["case_id"], found[0]["case_id"]);
}

int config_error_line(const std::string& yaml, std::string* message = nullptr) {
  try {
    load_config_text(yaml, "jobs.yaml",
                     [](const std::string&) { return std::optional<std::string>(); });
  } catch (const ConfigError& error) {
    if (message) *message = error.what();
    return error.line();
  }
  return 0;
}

TEST(CaseUpsertJob, ConfigErrorsNameTheirLine) {
  std::string message;
  // Both case_id and external_id: the external_id line (12).
  EXPECT_EQ(config_error_line(config_for("http://127.0.0.1:1", R"(
      case_id: "{{ /data/id }}"
      external_id: "{{ /data/ext }}")"),
                              &message),
            12)
      << message;
  EXPECT_NE(message.find("not both"), std::string::npos) << message;
  // Creating without case_type.
  config_error_line(config_for("http://127.0.0.1:1", "{ case_name: x, owner_id: o }"), &message);
  EXPECT_NE(message.find("case_type is required"), std::string::npos) << message;
  // properties must be a mapping.
  EXPECT_EQ(config_error_line(config_for("http://127.0.0.1:1", R"(
      external_id: x
      properties: [1, 2])"),
                              &message),
            12)
      << message;
  // No credential.
  EXPECT_GT(config_error_line(R"(
inboxes: { test: {} }
jobs:
  cases: { handler: commcare.case_upsert, params: { external_id: x } }
)",
                              &message),
            0);
  EXPECT_NE(message.find("needs a `credential`"), std::string::npos) << message;
  // A credential of another type.
  EXPECT_EQ(config_error_line(R"(
inboxes: { test: {} }
credentials:
  partner: { type: bearer, token: t }
jobs:
  cases: { handler: commcare.case_upsert, credential: partner, params: { external_id: x } }
)",
                              &message),
            6);
  EXPECT_NE(message.find("cannot use a credential of type 'bearer'"), std::string::npos) << message;
}

}  // namespace
}  // namespace intake::test
