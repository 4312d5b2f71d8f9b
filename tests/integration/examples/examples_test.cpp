// The example configs in config/examples are valid (`intake check`) and route the real CommCare
// fixtures the way their comments say (`intake match`).

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "support/fixtures.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

std::string example(const std::string& name) {
  return std::string(INTAKE_SOURCE_DIR) + "/config/examples/" + name;
}

std::string fixture(const std::string& path) { return (fixtures_dir() / path).string(); }

class Examples : public ::testing::Test {
 protected:
  void SetUp() override {
    // The secrets the examples reference; the child processes inherit them.
    for (const char* name :
         {"INBOX_KEY", "INBOX_PASSWORD", "PARTNER_TOKEN", "HQ_USER", "HQ_API_KEY"}) {
      setenv(name, "example-secret", 1);
    }
  }
};

TEST_F(Examples, EveryExampleAndTheDefaultConfigPassCheck) {
  for (const std::string& name :
       {example("commcare-to-commcare.yaml"), example("routing-with-test-user-exclusions.yaml"),
        example("scheduled-pull.yaml"), std::string(INTAKE_SOURCE_DIR) + "/config/intake.yaml"}) {
    const auto result = run_intake({"check", "--config", name});
    EXPECT_EQ(result.exit_code, 0) << name << "\n" << result.output;
  }
}

// Reading commands need no secrets, on every example: unset ones get placeholders, defaulted ones
// (such as HQ_BASE_URL) their default.
TEST_F(Examples, MatchWorksOnEveryExampleWithNoSecretsSet) {
  for (const char* name :
       {"INBOX_KEY", "INBOX_PASSWORD", "PARTNER_TOKEN", "HQ_USER", "HQ_API_KEY"}) {
    unsetenv(name);
  }
  for (const std::string& name :
       {example("commcare-to-commcare.yaml"), example("routing-with-test-user-exclusions.yaml"),
        example("scheduled-pull.yaml")}) {
    const auto result = run_intake(
        {"match", "--config", name, fixture("openfn/commcare-case-patient.miraclefeet.json")});
    EXPECT_NE(result.exit_code, 2) << name << "\n" << result.output;
    EXPECT_NE(result.output.find("is not set: a placeholder stands in"), std::string::npos)
        << name << "\n"
        << result.output;
  }
}

TEST_F(Examples, CommCareToCommCareRoutesTheRealFormAndCase) {
  auto form = run_intake({"match", "--config", example("commcare-to-commcare.yaml"),
                          fixture("openfn/commcare-form-log-visit-details.miraclefeet.json")});
  EXPECT_EQ(form.exit_code, 0) << form.output;
  EXPECT_NE(form.output.find("MATCH    registration-visits-by-xmlns"), std::string::npos)
      << form.output;
  EXPECT_NE(form.output.find("MATCH    registration-visits-by-name"), std::string::npos)
      << form.output;
  EXPECT_EQ(form.output.find("MATCH    patient-cases"), std::string::npos) << form.output;

  auto patient = run_intake({"match", "--config", example("commcare-to-commcare.yaml"),
                             fixture("openfn/commcare-case-patient.miraclefeet.json")});
  EXPECT_NE(patient.output.find("MATCH    patient-cases"), std::string::npos) << patient.output;
  EXPECT_EQ(patient.output.find("MATCH    registration"), std::string::npos) << patient.output;
}

TEST_F(Examples, RoutingExcludesTestUsers) {
  const std::string config = example("routing-with-test-user-exclusions.yaml");
  auto visit = run_intake({"match", "--config", config,
                           fixture("openfn/commcare-form-log-visit-details.miraclefeet.json")});
  EXPECT_NE(visit.output.find("MATCH    visit-details"), std::string::npos) << visit.output;

  // The same form from a test user is excluded, and intake says by which fragment.
  const std::string test_user =
      R"({"form": {"@name": "Log Visit Details", "calcs": {"general": {"test_user": "Yes"}}, "meta": {"username": "chw1"}}})";
  TempDir dir;
  const std::string test_user_path = (dir.path() / "test-user-form.json").string();
  std::ofstream(test_user_path) << test_user;
  auto excluded = run_intake({"match", "--config", config, test_user_path});
  EXPECT_EQ(excluded.exit_code, 1) << excluded.output;
  EXPECT_NE(excluded.output.find("exclude[0]"), std::string::npos) << excluded.output;

  auto task = run_intake(
      {"match", "--config", config, fixture("openfn/commcare-case-task-malaria.lwala.json")});
  EXPECT_NE(task.output.find("MATCH    follow-up-tasks"), std::string::npos) << task.output;
}

// The pull delivers Case API v2 objects into the server's own inbox, where the patients trigger
// must fire for them (case_type at the top) as for forwarded cases (properties.case_type).
TEST_F(Examples, ScheduledPullDeliversToItselfAndItsTriggersFitBothCaseShapes) {
  const std::string path = example("scheduled-pull.yaml");
  const std::string text = read_file(path);
  const std::smatch listen = [&] {
    std::smatch m;
    std::regex_search(text, m, std::regex(R"re(listen: "127\.0\.0\.1:(\d+)")re"));
    return m;
  }();
  ASSERT_FALSE(listen.empty());
  EXPECT_NE(text.find("url: http://127.0.0.1:" + listen[1].str() + "/inbox/commcare"),
            std::string::npos)
      << "deliver_to must name this server's own port " << listen[1];

  TempDir dir;
  const std::string pulled = (dir.path() / "pulled.json").string();
  std::ofstream(pulled) << R"({"case_id": "c1", "case_type": "patient", "case_name": "A",
    "closed": false, "domain": "my-project", "indexed_on": "2024-05-01T10:20:30.000000Z",
    "server_last_modified": "2024-05-01T10:20:30.000000Z", "properties": {"age": "7"}})";
  auto v2 = run_intake({"match", "--config", path, pulled});
  EXPECT_EQ(v2.exit_code, 0) << v2.output;
  EXPECT_NE(v2.output.find("MATCH    patients:"), std::string::npos) << v2.output;

  auto forwarded = run_intake(
      {"match", "--config", path, fixture("openfn/commcare-case-patient.miraclefeet.json")});
  EXPECT_EQ(forwarded.exit_code, 0) << forwarded.output;
  EXPECT_NE(forwarded.output.find("MATCH    patients-forwarded"), std::string::npos)
      << forwarded.output;
}

}  // namespace
}  // namespace intake::test
