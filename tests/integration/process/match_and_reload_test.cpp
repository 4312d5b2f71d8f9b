// `intake match` explains every trigger; SIGHUP swaps in a valid config and keeps the old one
// when the new one is invalid.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

const std::string kDefaultConfig = std::string(INTAKE_SOURCE_DIR) + "/config/intake.yaml";

TEST(MatchCli, XmlFormMatchesTheDefaultRegistrationTrigger) {
  auto result = run_intake({"match", "--config", kDefaultConfig,
                            (fixtures_dir() / "commcare/forwarded_form.xml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("MATCH    registrations: matched -> jobs: log-registration"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("patient-cases: no match: /properties"), std::string::npos)
      << result.output;
}

TEST(MatchCli, NoMatchExitsOneAndJsonSaysWhy) {
  auto result =
      run_intake({"match", "--config", kDefaultConfig, "--json",
                  (fixtures_dir() / "openfn/commcare-location-clinic.miraclefeet.json").string()});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  auto out = nlohmann::json::parse(result.output);
  EXPECT_EQ(out["matched"], false);
  ASSERT_EQ(out["triggers"].size(), 2u);
  EXPECT_EQ(out["triggers"][1]["result"], "no_match");
  EXPECT_EQ(out["triggers"][1]["reason"]["path"], "/properties");
  EXPECT_EQ(out["triggers"][1]["reason"]["found"], "missing");
}

TEST(MatchCli, ErrorsExitTwo) {
  const auto missing = run_intake({"match", "--config", kDefaultConfig, "/nonexistent.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("cannot read /nonexistent.json: No such file or directory"),
            std::string::npos)
      << missing.output;
  const auto folder = run_intake({"match", "--config", kDefaultConfig, "/tmp"});
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.output.find("cannot read /tmp: Is a directory"), std::string::npos)
      << folder.output;
  EXPECT_EQ(run_intake({"match", "--config", kDefaultConfig, "--inbox", "nope",
                        (fixtures_dir() / "commcare/forwarded_case.json").string()})
                .exit_code,
            2);
  TempDir dir;
  std::ofstream(dir.path() / "bad.json") << "{\"a\": ";
  auto bad = run_intake({"match", "--config", kDefaultConfig, (dir.path() / "bad.json").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(run_intake({"match", "--config", "/nonexistent.yaml", "x"}).exit_code, 2);
  EXPECT_EQ(run_intake({"match", "--config", kDefaultConfig}).exit_code, 2);  // no payload
}

void write_config(const std::filesystem::path& path, std::uint16_t port, const std::string& db,
                  const std::string& inboxes) {
  std::ofstream(path) << "server: { listen: \"127.0.0.1:" << port << "\" }\nstorage: { path: \""
                      << db << "\" }\ninboxes:\n"
                      << inboxes;
}

TEST(Reload, SighupSwapsAValidConfigAndKeepsTheOldOneWhenInvalid) {
  TempDir dir;
  const auto port = free_port();
  const auto config = dir.path() / "intake.yaml";
  const std::string db = (dir.path() / "intake.db").string();
  write_config(config, port, db, "  first: {}\n");
  IntakeProcess intake(config, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  EXPECT_EQ(http_request(port, "POST", "/inbox/second", json, "{}").status, 404);

  write_config(config, port, db, "  first: {}\n  second: {}\n");
  intake.kill(SIGHUP);
  int status = 0;
  for (int i = 0; i < 100 && status != 202; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = http_request(port, "POST", "/inbox/second", json, R"({"i":)" + std::to_string(i) + "}")
                 .status;
  }
  EXPECT_EQ(status, 202);

  std::ofstream(config) << "inboxes:\n  second:\n    auht: []\n";  // invalid
  intake.kill(SIGHUP);
  std::string log;
  for (int i = 0; i < 100 && log.find("config_reload_rejected") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = read_file(dir.path() / "log.txt");
  }
  EXPECT_NE(log.find("config_reload_rejected"), std::string::npos) << log;
  EXPECT_NE(log.find("unknown key 'auht'"), std::string::npos) << log;
  // The previous config is still in force.
  EXPECT_EQ(http_request(port, "POST", "/inbox/second", json, R"({"after":"bad reload"})").status,
            202);
  EXPECT_EQ(http_request(port, "POST", "/inbox/first", json, R"({"after":"bad reload"})").status,
            202);
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

}  // namespace
}  // namespace intake::test

namespace intake::test {
namespace {

TEST(MatchCli, NeedsNoSecrets) {
  TempDir dir;
  auto path = dir.path() / "intake.yaml";
  std::ofstream(path)
      << "inboxes:\n  commcare:\n    auth: [ { type: basic, username: u, password: "
         "\"${SURELY_UNSET_PASSWORD}\" } ]\n"
         "jobs: { j: { handler: log } }\n"
         "triggers:\n  t: { criteria: { form: { \"@name\": \"Untitled Form\" } }, jobs: [j] }\n";
  auto result = run_intake({"match", "--config", path.string(),
                            (fixtures_dir() / "commcare/forwarded_form.xml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("SURELY_UNSET_PASSWORD is not set"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("MATCH    t: matched"), std::string::npos);
  // serve and check still insist on the secret.
  EXPECT_EQ(run_intake({"check", "--config", path.string()}).exit_code, 1);
}

// Only variables without a default get a placeholder: a defaulted URL stays a valid URL.
TEST(MatchCli, UnsetSecretsDoNotOverrideDefaults) {
  TempDir dir;
  auto path = dir.path() / "intake.yaml";
  std::ofstream(path)
      << "inboxes:\n  commcare:\n    auth: [ { type: api_key, key: \"${SURELY_UNSET_KEY}\" } ]\n"
         "credentials:\n  hq: { type: commcare, base_url: "
         "\"${SURELY_UNSET_URL:-https://www.commcarehq.org}\",\n"
         "        domain: d, username: \"${SURELY_UNSET_USER}\", api_key: "
         "\"${SURELY_UNSET_API_KEY}\" }\n"
         "jobs: { j: { handler: log } }\n"
         "triggers:\n  t: { criteria: { form: { \"@name\": \"Untitled Form\" } }, jobs: [j] }\n";
  auto result = run_intake({"match", "--config", path.string(),
                            (fixtures_dir() / "commcare/forwarded_form.xml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  for (const char* name : {"SURELY_UNSET_KEY", "SURELY_UNSET_USER", "SURELY_UNSET_API_KEY"}) {
    EXPECT_NE(result.output.find(std::string(name) + " is not set"), std::string::npos)
        << result.output;
  }
  EXPECT_EQ(result.output.find("SURELY_UNSET_URL"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("MATCH    t: matched"), std::string::npos) << result.output;
}

TEST(JsonLogs, EveryLineIsAJsonObject) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "intake.db", "log_format: json");
  IntakeProcess intake(path, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  EXPECT_EQ(
      http_request(port, "POST", "/inbox/commcare?app_id=%22q%22", json, R"({"a":"b c"})").status,
      202);
  EXPECT_EQ(http_request(port, "POST", "/inbox/commcare", json, "{bad").status, 400);
  EXPECT_EQ(http_request(port, "GET", "/inbox/nope").status, 404);
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
  std::istringstream lines(read_file(dir.path() / "log.txt"));
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    ++count;
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << line;
    EXPECT_TRUE(parsed.contains("event")) << line;
    EXPECT_TRUE(parsed.contains("time")) << line;
  }
  EXPECT_GE(count, 5);  // started, listening, three requests, stopping, stopped
}

}  // namespace
}  // namespace intake::test
