// Authentication per inbox, routes, the CommCare "Test" GET, health probes, duplicates.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

const char* kConfig = R"(
inboxes:
  open: {}
  keyed:
    auth:
      - { type: api_key, key: "${OLD_KEY}" }
      - { type: api_key, key: "${NEW_KEY}" }
  hq-apikey:
    auth: [ { type: api_key, header: Authorization, key: "${HQ_KEY}" } ]
  basic:
    auth: [ { type: basic, username: commcare, password: "${PASSWORD}" } ]
  bearer:
    auth: [ { type: bearer, token: "${TOKEN}" } ]
  forms:
    dedupe: [/id]
)";

std::optional<std::string> test_env(const std::string& name) {
  static const std::map<std::string, std::string> values = {{"OLD_KEY", "old-secret"},
                                                            {"NEW_KEY", "new-secret"},
                                                            {"HQ_KEY", "hq-secret"},
                                                            {"PASSWORD", "p@ss:word"},
                                                            {"TOKEN", "tok-123"}};
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::map<std::string, std::string> with(std::map<std::string, std::string> headers,
                                        const std::string& name, const std::string& value) {
  headers[name] = value;
  return headers;
}

class AuthTest : public ::testing::Test {
 protected:
  RunningServer server{kConfig, test_env};
  int post(const std::string& inbox, const std::map<std::string, std::string>& headers) {
    return http_request(server.port(), "POST", "/inbox/" + inbox, headers, R"({"a":1})").status;
  }
};

TEST_F(AuthTest, OpenInboxNeedsNothing) { EXPECT_EQ(post("open", kJson), 202); }

TEST_F(AuthTest, ApiKeyRotationAcceptsOldAndNewKeys) {
  EXPECT_EQ(post("keyed", with(kJson, "X-API-Key", "old-secret")), 202);
  EXPECT_EQ(post("keyed", with(kJson, "x-api-key", "new-secret")), 202);
  EXPECT_EQ(post("keyed", with(kJson, "x-api-key", "wrong")), 401);
  EXPECT_EQ(post("keyed", kJson), 401);
  EXPECT_EQ(post("keyed", with(kJson, "Authorization", "old-secret")), 401);
}

TEST_F(AuthTest, CommCareApiKeyInAuthorizationHeader) {
  EXPECT_EQ(post("hq-apikey", with(kJson, "Authorization", "hq-secret")), 202);
  EXPECT_EQ(post("hq-apikey", with(kJson, "Authorization", "hq-secret2")), 401);
}

TEST_F(AuthTest, BasicAuthWithChallenge) {
  // base64("commcare:p@ss:word")
  EXPECT_EQ(post("basic", with(kJson, "Authorization", "Basic Y29tbWNhcmU6cEBzczp3b3Jk")), 202);
  EXPECT_EQ(post("basic", with(kJson, "Authorization", "basic Y29tbWNhcmU6cEBzczp3b3Jk")), 202);
  // base64("commcare:wrong")
  auto wrong = http_request(server.port(), "POST", "/inbox/basic",
                            with(kJson, "Authorization", "Basic Y29tbWNhcmU6d3Jvbmc="), "{}");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.header("www-authenticate").find("Basic realm="), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error"], "unauthorized");
  auto missing = http_request(server.port(), "POST", "/inbox/basic", kJson, "{}");
  EXPECT_EQ(missing.status, 401);
  EXPECT_FALSE(missing.header("www-authenticate").empty());
  EXPECT_EQ(post("basic", with(kJson, "Authorization", "Basic !!!notbase64")), 401);
}

TEST_F(AuthTest, BearerToken) {
  EXPECT_EQ(post("bearer", with(kJson, "Authorization", "Bearer tok-123")), 202);
  EXPECT_EQ(post("bearer", with(kJson, "Authorization", "Bearer tok-124")), 401);
  EXPECT_EQ(post("bearer", with(kJson, "Authorization", "Basic dG9rLTEyMw==")), 401);
}

TEST_F(AuthTest, TestButtonGetNeedsAuthTooAndStoresNothing) {
  auto before = server.store().count_messages();
  auto denied = http_request(server.port(), "GET", "/inbox/keyed");
  EXPECT_EQ(denied.status, 401);
  auto ping = http_request(server.port(), "GET", "/inbox/keyed/any/suffix?app_id=x",
                           {{"x-api-key", "new-secret"}});
  EXPECT_EQ(ping.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ping.body)["inbox"], "keyed");
  auto head = http_request(server.port(), "HEAD", "/inbox/open");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(server.store().count_messages(), before);
}

TEST_F(AuthTest, UnknownInboxAndUnknownPaths) {
  auto unknown = http_request(server.port(), "POST", "/inbox/nope", kJson, "{}");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["error"], "unknown_inbox");
  EXPECT_EQ(http_request(server.port(), "GET", "/inbox/").status, 404);
  EXPECT_EQ(http_request(server.port(), "GET", "/").status, 404);
  EXPECT_EQ(http_request(server.port(), "GET", "/inboxes/open").status, 404);
}

TEST_F(AuthTest, MethodsOtherThanPostPutDeleteAre405WithAllow) {
  auto patch = http_request(server.port(), "PATCH", "/inbox/open", kJson, "{}");
  EXPECT_EQ(patch.status, 405);
  EXPECT_NE(patch.header("allow").find("POST"), std::string::npos);
  auto post_health = http_request(server.port(), "POST", "/healthz", kJson, "{}");
  EXPECT_EQ(post_health.status, 405);
}

TEST_F(AuthTest, HealthAndReadiness) {
  auto health = http_request(server.port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  auto ready = http_request(server.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
}

TEST_F(AuthTest, DuplicateForwardGetsTheOriginalIdAndStoresNothingNew) {
  const std::string form = R"({"id":"form-1","form":{"@name":"Reg"},"received_on":"2024-01-01"})";
  auto first = http_request(server.port(), "POST", "/inbox/forms", kJson, form);
  ASSERT_EQ(first.status, 202);
  auto count = server.store().count_messages();
  // Same form id, resent later with a different body (e.g. another forwarder's copy).
  const std::string resend = R"({"id":"form-1","form":{"@name":"Reg"},"received_on":"2024-01-02"})";
  auto second = http_request(server.port(), "POST", "/inbox/forms", kJson, resend);
  ASSERT_EQ(second.status, 202);
  auto a = nlohmann::json::parse(first.body);
  auto b = nlohmann::json::parse(second.body);
  EXPECT_EQ(b["id"], a["id"]);
  EXPECT_EQ(b["duplicate"], true);
  EXPECT_EQ(server.store().count_messages(), count);
  // Default dedupe (body hash): identical bodies are duplicates, different ones are not.
  auto x1 = nlohmann::json::parse(http_request(server.port(), "POST", "/inbox/open", kJson, R"({"v":1})").body);
  auto x2 = nlohmann::json::parse(http_request(server.port(), "POST", "/inbox/open", kJson, R"({"v":1})").body);
  auto x3 = nlohmann::json::parse(http_request(server.port(), "POST", "/inbox/open", kJson, R"({"v":2})").body);
  EXPECT_EQ(x1["id"], x2["id"]);
  EXPECT_TRUE(x2["duplicate"].get<bool>());
  EXPECT_NE(x1["id"], x3["id"]);
  EXPECT_FALSE(x3["duplicate"].get<bool>());
}

}  // namespace
}  // namespace intake::test
