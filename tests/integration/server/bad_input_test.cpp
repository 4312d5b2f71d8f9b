// Bad input gets a clear error (status, message, where) and nothing accepted is ever lost.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

const char* kConfig = R"(
server: { max_body: 64KiB }
inboxes:
  commcare: {}
)";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

TEST(BadInput, MalformedJsonIs400WithWhereAndIsQuarantined) {
  RunningServer server(kConfig);
  const std::string body = "{\n  \"id\": \"x\",\n  \"form\": {\"a\": 1,,}\n}";
  auto result = http_request(server.port(), "POST", "/inbox/commcare", kJson, body);
  ASSERT_EQ(result.status, 400);
  auto error = nlohmann::json::parse(result.body);
  EXPECT_EQ(error["error"], "malformed_json");
  EXPECT_EQ(error["line"], 3);
  EXPECT_EQ(error["column"], 19);
  EXPECT_EQ(error["offset"], 33);
  EXPECT_NE(error["message"].get<std::string>().find("malformed JSON"), std::string::npos);
  EXPECT_EQ(server.store().count_messages(), 0);
  // Quarantine is written by the store's writer: wait for it briefly.
  std::vector<QuarantinedBody> quarantined;
  for (int i = 0; i < 100 && quarantined.empty(); ++i) {
    quarantined = server.store().list_quarantine(10);
    if (quarantined.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(quarantined.size(), 1u);
  EXPECT_EQ(quarantined[0].body, body);
  EXPECT_EQ(quarantined[0].id, error["quarantine_id"]);
  EXPECT_EQ(quarantined[0].inbox, "commcare");
}

// Such a number once escaped the parser as an exception and aborted the whole server.
TEST(BadInput, ANumberBeyondADoubleIs400AndTheServerGoesOn) {
  RunningServer server(kConfig);
  const std::string body = "{\"id\": \"x\", \"weight\": 1e400}";
  auto result = http_request(server.port(), "POST", "/inbox/commcare", kJson, body);
  ASSERT_EQ(result.status, 400) << result.body;
  auto error = nlohmann::json::parse(result.body);
  EXPECT_EQ(error["error"], "malformed_json");
  EXPECT_EQ(error["offset"], body.find("1e400"));
  EXPECT_NE(error["message"].get<std::string>().find("1e400 is beyond the range of a double"),
            std::string::npos)
      << error["message"];
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz", {}, "").status, 200);
  auto next = http_request(server.port(), "POST", "/inbox/commcare", kJson, R"({"id": "y"})");
  EXPECT_EQ(next.status, 202) << next.body;
}

// Was 202, storing a message whose view held only what came before the NUL.
TEST(BadInput, JsonWithANulByteIs400WithOrWithoutAContentType) {
  RunningServer server(kConfig);
  const std::string body("{\"id\":\"x\",\"n\":6}\0garbage }}}", 28);
  for (const auto& headers : {kJson, std::map<std::string, std::string>{}}) {
    auto result = http_request(server.port(), "POST", "/inbox/commcare", headers, body);
    ASSERT_EQ(result.status, 400) << result.body;
    auto error = nlohmann::json::parse(result.body);
    EXPECT_EQ(error["error"], "malformed_json");
    EXPECT_EQ(error["offset"], 16);
  }
  EXPECT_EQ(server.store().count_messages(), 0);
}

TEST(BadInput, MalformedXmlIs400WithLineAndColumn) {
  RunningServer server(kConfig);
  const std::string body = "<data xmlns=\"x\">\n  <a>1</b>\n</data>";
  auto result =
      http_request(server.port(), "POST", "/inbox/commcare", {{"Content-Type", "text/xml"}}, body);
  ASSERT_EQ(result.status, 400);
  auto error = nlohmann::json::parse(result.body);
  EXPECT_EQ(error["error"], "malformed_xml");
  EXPECT_EQ(error["line"], 2);
  EXPECT_GT(error["column"].get<int>(), 1);
}

TEST(BadInput, XmlWithEntityDefinitionsIsRefused) {
  RunningServer server(kConfig);
  const std::string body =
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<data>&x;</data>";
  auto result = http_request(server.port(), "POST", "/inbox/commcare",
                             {{"Content-Type", "application/xml"}}, body);
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.body.find("root:"), std::string::npos);
}

TEST(BadInput, EmptyBodyIs400) {
  RunningServer server(kConfig);
  EXPECT_EQ(http_request(server.port(), "POST", "/inbox/commcare", kJson, "").status, 400);
}

TEST(BadInput, UnsupportedContentTypeIs415) {
  RunningServer server(kConfig);
  auto result = http_request(server.port(), "POST", "/inbox/commcare",
                             {{"Content-Type", "application/x-www-form-urlencoded"}}, "a=1");
  EXPECT_EQ(result.status, 415);
  EXPECT_EQ(nlohmann::json::parse(result.body)["error"], "unsupported_media_type");
}

TEST(BadInput, ContentTypeWithCharsetIsAccepted) {
  RunningServer server(kConfig);
  EXPECT_EQ(http_request(server.port(), "POST", "/inbox/commcare",
                         {{"Content-Type", "application/json; charset=utf-8"}}, "[1]")
                .status,
            202);
}

TEST(BadInput, BodyOverTheLimitIs413) {
  RunningServer server(kConfig);
  const std::string big(64 * 1024 + 1, 'x');
  auto result = http_request(server.port(), "POST", "/inbox/commcare", kJson, big);
  EXPECT_EQ(result.status, 413);
  EXPECT_EQ(nlohmann::json::parse(result.body)["error"], "payload_too_large");
  // Exactly at the limit is fine.
  std::string at_limit = "\"" + std::string(64 * 1024 - 2, 'y') + "\"";
  EXPECT_EQ(http_request(server.port(), "POST", "/inbox/commcare", kJson, at_limit).status, 202);
}

TEST(BadInput, ChunkedBodyOverTheLimitIs413) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  std::string request =
      "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(40 * 1024, 'a');
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 2; ++i) request += size + chunk + "\r\n";
  request += "0\r\n\r\n";
  connection.send_raw(request);
  EXPECT_EQ(connection.read_response().status, 413);
}

// The store cannot write (here: another process holds the write lock). The answer is 503 with
// Retry-After, never 2xx; when the lock goes away the server recovers by itself.
TEST(BadInput, StoreThatCannotWriteGives503AndRecovers) {
  RunningServer server(kConfig);
  ASSERT_EQ(http_request(server.port(), "POST", "/inbox/commcare", kJson, R"({"n":0})").status,
            202);

  sqlite3* blocker = nullptr;
  ASSERT_EQ(sqlite3_open(server.db_path().c_str(), &blocker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(blocker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

  auto refused = http_request(server.port(), "POST", "/inbox/commcare", kJson, R"({"n":1})");
  EXPECT_EQ(refused.status, 503);
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"], "store_unavailable");
  // Readiness follows the store (possibly after its probe interval).
  int ready_status = 0;
  for (int i = 0; i < 40; ++i) {
    ready_status = http_request(server.port(), "GET", "/readyz").status;
    if (ready_status == 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready_status, 503);

  ASSERT_EQ(sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(blocker);

  auto accepted = http_request(server.port(), "POST", "/inbox/commcare", kJson, R"({"n":1})");
  EXPECT_EQ(accepted.status, 202);
  for (int i = 0; i < 40; ++i) {
    ready_status = http_request(server.port(), "GET", "/readyz").status;
    if (ready_status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready_status, 200);
  auto stored =
      server.store().find_message(nlohmann::json::parse(accepted.body)["id"].get<std::string>());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body, R"({"n":1})");
}

}  // namespace
}  // namespace intake::test

namespace intake::test {
namespace {

TEST(BadInput, DeeplyNestedJsonIs400NotACrash) {
  RunningServer server(kConfig);
  const std::string deep = std::string(20000, '[') + std::string(20000, ']');
  auto result = http_request(server.port(), "POST", "/inbox/commcare", kJson, deep);
  ASSERT_EQ(result.status, 400);
  auto error = nlohmann::json::parse(result.body);
  EXPECT_EQ(error["error"], "malformed_json");
  EXPECT_EQ(error["offset"], 256);
  EXPECT_NE(error["message"].get<std::string>().find("deeper than 256"), std::string::npos);
  // Still serving, and nesting within the bound is fine.
  const std::string ok = std::string(200, '[') + "\"[{\"" + std::string(200, ']');
  EXPECT_EQ(http_request(server.port(), "POST", "/inbox/commcare", kJson, ok).status, 202);
}

}  // namespace
}  // namespace intake::test
