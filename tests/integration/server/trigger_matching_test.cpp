// Matched triggers and the runs they start are stored durably with the message.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

const char* kConfig = R"(
inboxes:
  commcare: { dedupe: [/id] }
jobs:
  register: { handler: log }
  visit: { handler: log }
  audit: { handler: log }
triggers:
  xml-or-json-registration:
    inbox: commcare
    criteria: { form: { "@xmlns": "http://openrosa.org/formdesigner/B9C4EB51-A7CC-49B5-B7D5-10E9F10B450B" } }
    jobs: [register, audit]
  visit-details:
    criteria: { form: { "@name": "Log Visit Details" } }
    exclude: [ { form: { calcs: { general: { test_user: "Yes" } } } } ]
    jobs: [visit, audit]
  disabled-one:
    enabled: false
    criteria: {}
    jobs: [audit]
)";

std::vector<std::pair<std::string, std::string>> runs_of(const std::string& db, const std::string& message_id) {
  sqlite3* conn = nullptr;
  sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(conn, "SELECT job, \"trigger\" FROM runs WHERE message_id = ? ORDER BY job", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, message_id.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<std::string, std::string>> runs;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    runs.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                      reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(conn);
  return runs;
}

std::string post(RunningServer& server, const std::string& type, const std::string& body) {
  auto result = http_request(server.port(), "POST", "/inbox/commcare?app_id=a",
                             {{"Content-Type", type}}, body);
  EXPECT_EQ(result.status, 202) << result.body;
  return nlohmann::json::parse(result.body)["id"];
}

TEST(TriggerMatching, XmlFormMatchesItsXmlnsTriggerAndQueuesOneRunPerJob) {
  RunningServer server(kConfig);
  const std::string id = post(server, "text/xml", read_file(fixtures_dir() / "commcare/forwarded_form.xml"));
  auto stored = server.store().find_message(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->matched_triggers, (std::vector<std::string>{"xml-or-json-registration"}));
  auto runs = runs_of(server.db_path(), id);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], std::make_pair(std::string("audit"), std::string("xml-or-json-registration")));
  EXPECT_EQ(runs[1], std::make_pair(std::string("register"), std::string("xml-or-json-registration")));
}

TEST(TriggerMatching, RealFormMatchesByNameAndATestUserIsExcluded) {
  RunningServer server(kConfig);
  std::string form = read_file(fixtures_dir() / "openfn/commcare-form-log-visit-details.miraclefeet.json");
  const std::string id = post(server, "application/json", form);
  auto stored = server.store().find_message(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->matched_triggers, (std::vector<std::string>{"visit-details"}));
  EXPECT_EQ(runs_of(server.db_path(), id).size(), 2u);

  auto test_user = nlohmann::json::parse(form);
  test_user["id"] = "another-form-id";
  test_user["form"]["calcs"]["general"]["test_user"] = "Yes";
  const std::string excluded = post(server, "application/json", test_user.dump());
  auto stored_excluded = server.store().find_message(excluded);
  ASSERT_TRUE(stored_excluded);
  EXPECT_TRUE(stored_excluded->matched_triggers.empty());
  EXPECT_TRUE(runs_of(server.db_path(), excluded).empty());
}

TEST(TriggerMatching, UnmatchedMessagesAreStillStoredWithoutRuns) {
  RunningServer server(kConfig);
  const std::string id = post(server, "application/json", read_file(fixtures_dir() / "openfn/commcare-location-clinic.miraclefeet.json"));
  auto stored = server.store().find_message(id);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->matched_triggers.empty());
  EXPECT_TRUE(runs_of(server.db_path(), id).empty());
}

TEST(TriggerMatching, ADuplicateForwardCreatesNoSecondRun) {
  RunningServer server(kConfig);
  const std::string form = read_file(fixtures_dir() / "openfn/commcare-form-log-visit-details.miraclefeet.json");
  const std::string first = post(server, "application/json", form);
  const std::string second = post(server, "application/json", form);
  EXPECT_EQ(first, second);
  EXPECT_EQ(runs_of(server.db_path(), first).size(), 2u);
}

}  // namespace
}  // namespace intake::test
