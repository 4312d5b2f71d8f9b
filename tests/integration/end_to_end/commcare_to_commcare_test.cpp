// End to end: the real intake binary with config/examples/commcare-to-commcare.yaml, the CommCare
// HQ emulator as the target project, and the real fixtures sent the way HQ forwards them.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "intake/emulator/emulator.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

using namespace std::chrono_literals;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (text.find(from) == std::string::npos) ADD_FAILURE() << "the example no longer has: " << from;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class CommCareToCommCare : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator::Options options;
    options.domains = {"target-project"};
    options.users = {{.username = "api@target.org",
                      .api_key = "hq-key",
                      .password = "",
                      .domains = {"target-project"}}};
    hq_ = std::make_unique<emulator::CommCareEmulator>(options);
    hq_->start();
    setenv("HQ_BASE_URL", hq_->base_url().c_str(), 1);
    setenv("HQ_USER", "api@target.org", 1);
    setenv("HQ_API_KEY", "hq-key", 1);
    setenv("INBOX_KEY", "forwarding-key", 1);
    port_ = free_port();
    std::string config =
        read_file(std::string(INTAKE_SOURCE_DIR) + "/config/examples/commcare-to-commcare.yaml");
    config =
        replace_all(config, "listen: \"0.0.0.0:8081\"",
                    "listen: \"127.0.0.1:" + std::to_string(port_) + "\"\n  access_log: false");
    config = replace_all(config, "path: ./data/commcare-to-commcare.db",
                         "path: \"" + (dir_.path() / "intake.db").string() + "\"");
    config =
        replace_all(config, "max_wait: 30s", "max_wait: 200ms");  // the test need not wait 30 s
    // Runs in flight at the SIGKILL are taken over once their lease ends: 3 s here, not the
    // default 60 s, which with two retries and their jittered back-off came within seconds of
    // the test's 90 s limit (and sometimes past it).
    config += "\nworkers:\n  lease: 3s\n";
    config_path_ = dir_.path() / "intake.yaml";
    std::ofstream(config_path_) << config;
  }

  // As CommCare HQ forwards: POST, its content type, received-on, ?app_id=, the API-key header.
  HttpResult forward(const std::string& body, const std::string& content_type) {
    HttpConnection connection(port_);
    return connection.request("POST", "/inbox/commcare?app_id=6a8b1c",
                              {{"Content-Type", content_type},
                               {"Authorization", "forwarding-key"},
                               {"received-on", "2024-05-01T10:20:30.123456Z"}},
                              body);
  }

  nlohmann::json runs_json() {
    const auto result =
        run_intake({"runs", "--config", config_path_.string(), "--json", "--limit", "1000"});
    return nlohmann::json::parse(result.output, nullptr, false);
  }

  bool all_runs_finished(std::size_t expected) {
    const auto runs = runs_json();
    if (!runs.is_object() || !runs.contains("runs") || runs["runs"].size() < expected) return false;
    for (const auto& run : runs["runs"]) {
      const std::string state = run.value("state", "");
      if (state != "succeeded" && state != "dead" && state != "cancelled") return false;
    }
    return true;
  }

  bool wait_until(const std::function<bool()>& done, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<emulator::CommCareEmulator> hq_;
  std::uint16_t port_ = 0;
  std::filesystem::path config_path_;
};

TEST_F(CommCareToCommCare, FormsAndCasesReachTheTargetProjectAndSurviveAKill) {
  const std::string form =
      read_file(fixtures_dir() / "openfn/commcare-form-log-visit-details.miraclefeet.json");
  const std::string patient =
      read_file(fixtures_dir() / "openfn/commcare-case-patient.miraclefeet.json");
  const std::string xml_form = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  {
    IntakeProcess intake(config_path_, dir_.path() / "log.txt");
    ASSERT_TRUE(intake.wait_ready(port_, 20s)) << read_file(dir_.path() / "log.txt");
    EXPECT_EQ(forward(form, "application/json").status, 202);
    EXPECT_EQ(forward(xml_form, "text/xml").status, 202);  // stored; no trigger matches it
    // The target answers 503 twice: the upload is retried. Then SIGKILL while runs may be in
    // flight.
    hq_->fail_next(2, 503, 1);
    const auto stored = forward(patient, "application/json");
    EXPECT_EQ(stored.status, 202);
    // A duplicate forward of the same form creates no second run.
    const auto again = forward(form, "application/json");
    EXPECT_EQ(again.status, 202);
    EXPECT_TRUE(nlohmann::json::parse(again.body)["duplicate"].get<bool>());
    std::this_thread::sleep_for(150ms);
    intake.kill(SIGKILL);
    intake.wait();
  }
  IntakeProcess intake(config_path_, dir_.path() / "log2.txt");
  ASSERT_TRUE(intake.wait_ready(port_, 20s)) << read_file(dir_.path() / "log2.txt");
  ASSERT_TRUE(wait_until([&] { return all_runs_finished(2); }, 90s)) << runs_json().dump(2);

  // Exactly one upsert run (two triggers matched the form, one job) and one import run.
  const auto runs = runs_json()["runs"];
  int upserts = 0;
  int imports = 0;
  for (const auto& run : runs) {
    EXPECT_EQ(run["state"], "succeeded") << run.dump(2);
    upserts += run["job"] == "upsert-patient";
    imports += run["job"] == "import-case-rows";
  }
  EXPECT_EQ(upserts, 1);
  EXPECT_EQ(imports, 1);

  // The target project holds the patient upserted by external id, with string properties.
  const auto cases = hq_->cases();
  bool found_upsert = false;
  bool found_import = false;
  for (const auto& c : cases) {
    if (c.value("external_id", "") == "f2952ebc-ad37-436b-8d0d-6c2aec0987bf") {
      found_upsert = true;
      EXPECT_EQ(c["case_type"], "patient");
      EXPECT_EQ(c["case_name"], "Sample Patient Name");
    }
    if (c.value("case_type", "") == "patient_mirror") found_import = true;
  }
  EXPECT_TRUE(found_upsert) << cases.dump(2);
  EXPECT_TRUE(found_import) << cases.dump(2);
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

}  // namespace
}  // namespace intake::test
