// commcare.submit_form end to end: a real runtime and store, the in-process HQ emulator, the real
// handler from the registry.

#include <gtest/gtest.h>

#include <thread>

#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/emulator/emulator.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::RunState;
using nlohmann::json;
using namespace std::chrono_literals;

struct Hq {
  emulator::CommCareEmulator hq{[] {
    emulator::Options options;
    options.users = {{"api@example.org", "local-key", "", {"demo"}}};
    options.require_openrosa_header = true;
    return options;
  }()};
  Hq() { hq.start(); }
};

const char* kXmlns = "http://openrosa.org/formdesigner/INTAKE-TEST";

std::string config_for(const std::string& base_url, const std::string& params) {
  return R"(
inboxes: { test: {} }
credentials:
  hq: { type: commcare, base_url: ")" +
         base_url +
         R"(", domain: demo, username: api@example.org, api_key: local-key, app_id: app-1 }
jobs:
  submit:
    handler: commcare.submit_form
    credential: hq
    retry: { max_attempts: 3, initial: 20ms, multiplier: 2, max: 1s }
    params: )" +
         params + "\n";
}

std::string registration_params(const std::string& extra = "") {
  return std::string(R"({
      xmlns: ")") +
         kXmlns + R"(", name: "Registration", user_id: user-1, )" + extra + R"(
      fields: { patient: { name: "{{ /data/name }}", age: "{{ /data/age }}" },
                visits: "{{ /data/visits }}", note: "a < b & c" },
      case: { create: { case_type: patient, case_name: "{{ /data/name }}" },
              update: { age: "{{ /data/age }}" } } })";
}

const json kPatient = {{"name", "Ada"},
                       {"age", 7},
                       {"visits", json::array({{{"on", "2020-01-01"}}, {{"on", "2020-02-01"}}})}};

std::string instance_id_of(const std::string& xml) {
  const auto start = xml.find("<n1:instanceID>");
  const auto end = xml.find("</n1:instanceID>");
  if (start == std::string::npos || end == std::string::npos) return "";
  return xml.substr(start + 15, end - start - 15);
}

TEST(SubmitFormJob, SubmitsTheFormWithItsFieldsAndCaseBlock) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), registration_params()), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  const auto requests = hq.hq.received();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/a/demo/receiver/app-1/");
  EXPECT_EQ(requests[0].headers.at("x-openrosa-version"), "3.0");
  const json forms = hq.hq.forms();
  ASSERT_EQ(forms.size(), 1u);
  const json& form = forms[0]["form"];
  EXPECT_EQ(form["@xmlns"], kXmlns);
  EXPECT_EQ(form["@name"], "Registration");
  EXPECT_EQ(form["patient"]["name"], "Ada");
  EXPECT_EQ(form["patient"]["age"], "7");
  EXPECT_EQ(form["note"], "a < b & c");
  ASSERT_TRUE(form["visits"].is_array());
  EXPECT_EQ(form["visits"][1]["on"], "2020-02-01");
  EXPECT_EQ(form["meta"]["userID"], "user-1");
  EXPECT_EQ(form["meta"]["username"], "api@example.org");
  const json output = json::parse(run.output);
  EXPECT_EQ(form["meta"]["instanceID"], output["instance_id"]);
  EXPECT_EQ(forms[0]["id"], output["instance_id"]);
  EXPECT_EQ(output["nature"], "submit_success");
  const json cases = hq.hq.cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["case_id"], output["case_id"]);
  EXPECT_EQ(cases[0]["case_type"], "patient");
  EXPECT_EQ(cases[0]["case_name"], "Ada");
  EXPECT_EQ(cases[0]["owner_id"], "user-1");
  EXPECT_EQ(cases[0]["properties"]["age"], "7");
}

TEST(SubmitFormJob, EveryRunHasItsOwnInstanceId) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), registration_params()), {});
  harness.start();
  const auto a = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  const auto b = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  ASSERT_EQ(a.state, RunState::succeeded) << a.last_error;
  ASSERT_EQ(b.state, RunState::succeeded) << b.last_error;
  EXPECT_NE(json::parse(a.output)["instance_id"], json::parse(b.output)["instance_id"]);
  EXPECT_EQ(hq.hq.forms().size(), 2u);
}

TEST(SubmitFormJob, RetryAfter503ReusesTheInstanceId) {
  Hq hq;
  hq.hq.fail_next(1, 503, std::nullopt, "", "/a/demo/receiver/");
  RuntimeHarness harness(config_for(hq.hq.base_url(), registration_params()), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  EXPECT_EQ(run.attempts, 2);
  const auto requests = hq.hq.received();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status, 503);
  EXPECT_FALSE(instance_id_of(requests[0].body).empty());
  EXPECT_EQ(instance_id_of(requests[0].body), instance_id_of(requests[1].body));
  EXPECT_EQ(hq.hq.forms().size(), 1u);
}

TEST(SubmitFormJob, RetryAfterALostAnswerReplacesTheFormInsteadOfAddingOne) {
  Hq hq;
  hq.hq.delay_next(1, 1500ms, "/a/demo/receiver/");
  RuntimeHarness harness(config_for(hq.hq.base_url(), registration_params("timeout: 300ms,")), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  EXPECT_GE(run.attempts, 2);
  // The first, timed-out submission was processed too: HQ keeps one form and one replaced one.
  for (int i = 0; i < 100 && hq.hq.replaced_forms().empty(); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(hq.hq.forms().size(), 1u);
  EXPECT_EQ(hq.hq.replaced_forms().size(), 1u);
  EXPECT_EQ(hq.hq.forms()[0]["id"], json::parse(run.output)["instance_id"]);
  EXPECT_EQ(hq.hq.cases().size(), 1u);
}

TEST(SubmitFormJob, ProcessingFailureIsPermanent) {
  Hq hq;
  RuntimeHarness harness(config_for(hq.hq.base_url(), std::string(R"({ xmlns: ")") + kXmlns + R"(",
      fields: { q: 1 },
      case: { case_id: c-1, index: { parent: { case_id: no-such-case, case_type: household } } } })"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("422"), std::string::npos) << run.last_error;
  EXPECT_NE(run.last_error.find("processing_failure"), std::string::npos) << run.last_error;
  EXPECT_TRUE(hq.hq.forms().empty());
}

TEST(SubmitFormJob, SubmitErrorUnder201IsAFailure) {
  Hq hq;
  hq.hq.fail_next(
      1, 201, std::nullopt,
      R"(<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="submit_error">InvalidCaseIndex</message></OpenRosaResponse>)",
      "/a/demo/receiver/");
  RuntimeHarness harness(config_for(hq.hq.base_url(), registration_params()), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kPatient, {"submit"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_NE(run.last_error.find("submit_error: InvalidCaseIndex"), std::string::npos)
      << run.last_error;
}

int config_error_line(const std::string& yaml, std::string* message) {
  try {
    load_config_text(yaml, "jobs.yaml",
                     [](const std::string&) { return std::optional<std::string>(); });
  } catch (const ConfigError& error) {
    *message = error.what();
    return error.line();
  }
  return 0;
}

TEST(SubmitFormJob, ConfigErrorsNameTheirLine) {
  std::string message;
  EXPECT_EQ(config_error_line(config_for("http://127.0.0.1:1", R"(
      name: x
      fields: { q: 1 })"),
                              &message),
            11)
      << message;
  EXPECT_NE(message.find("xmlns"), std::string::npos) << message;
  EXPECT_EQ(config_error_line(config_for("http://127.0.0.1:1", R"(
      xmlns: x
      case:
        create: { case_name: n }
        colse: true)"),
                              &message),
            14)
      << message;
  EXPECT_NE(message.find("colse"), std::string::npos) << message;
  EXPECT_GT(config_error_line(R"(
inboxes: { test: {} }
jobs:
  submit: { handler: commcare.submit_form, params: { xmlns: x } }
)",
                              &message),
            0);
  EXPECT_NE(message.find("needs a `credential`"), std::string::npos) << message;
}

}  // namespace
}  // namespace intake::test
