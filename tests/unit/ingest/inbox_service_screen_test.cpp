// InboxService::screen: routing, auth, methods, content types and health probes (no body).

#include <gtest/gtest.h>

#include "service_test_support.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

using ScreenTest = InboxServiceTest;

TEST_F(ScreenTest, UnknownInboxIs404) {
  const HttpReply reply = screen_reply(make_head("POST", "/inbox/nope?app_id=x"));
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.content_type, "application/json");
  const json body = json::parse(reply.body);
  EXPECT_EQ(body["error"], "unknown_inbox");
  EXPECT_NE(body["message"].get<std::string>().find("'nope'"), std::string::npos);
}

TEST_F(ScreenTest, OtherPathsAre404) {
  for (const char* target :
       {"/", "/inbox", "/inbox/", "/inboxes/open", "/open", "/healthz/x", "/inbox//open"}) {
    const HttpReply reply = screen_reply(make_head("POST", target));
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(json::parse(reply.body)["error"], "not_found") << target;
  }
}

TEST_F(ScreenTest, MalformedTargetIs400) {
  EXPECT_EQ(screen_reply(make_head("POST", "inbox/open")).status, 400);
  EXPECT_EQ(screen_reply(make_head("POST", "/inbox/open%zz")).status, 400);
}

TEST_F(ScreenTest, MissingOrWrongBasicCredentialsAre401WithAChallenge) {
  for (const HeaderMap& headers :
       std::vector<HeaderMap>{{}, {{"authorization", basic_header("commcare", "wrong")}}}) {
    const HttpReply reply = screen_reply(make_head("POST", "/inbox/basic", headers));
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply_header(reply, "www-authenticate"),
              "Basic realm=\"intake/basic\", charset=\"UTF-8\"");
    EXPECT_EQ(json::parse(reply.body)["error"], "unauthorized");
    EXPECT_EQ(reply.body.find("s3cret"), std::string::npos);
  }
}

TEST_F(ScreenTest, BearerChallengeAndApiKeyWithoutChallenge) {
  HttpReply reply = screen_reply(make_head("POST", "/inbox/token"));
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply_header(reply, "www-authenticate"), "Bearer realm=\"intake/token\"");
  reply = screen_reply(make_head("POST", "/inbox/keyed", {{"authorization", "older-key"}}));
  EXPECT_EQ(reply.status, 401);
  EXPECT_FALSE(reply_header(reply, "www-authenticate").has_value());
}

TEST_F(ScreenTest, RightCredentialsPass) {
  for (const auto& [target, headers] : std::vector<std::pair<std::string, HeaderMap>>{
           {"/inbox/basic", {{"authorization", basic_header("commcare", "s3cret")}}},
           {"/inbox/keyed", {{"authorization", "old-key"}}},
           {"/inbox/keyed", {{"authorization", "new-key"}}},
           {"/inbox/token", {{"authorization", "Bearer tok"}}},
           {"/inbox/open", {}}}) {
    auto result = service_->screen(make_head("POST", target, headers));
    ASSERT_TRUE(std::holds_alternative<PendingIngest>(result)) << target;
    EXPECT_EQ(std::get<PendingIngest>(result).inbox, target.substr(7));
  }
}

TEST_F(ScreenTest, GetPingAnswers200AndStoresNothing) {
  for (const char* method : {"GET", "HEAD"}) {
    const HttpReply reply = screen_reply(make_head(method, "/inbox/open?app_id=abc"));
    EXPECT_EQ(reply.status, 200) << method;
    const json body = json::parse(reply.body);
    EXPECT_EQ(body["inbox"], "open");
    EXPECT_NE(body["message"].get<std::string>().find("stored nothing"), std::string::npos);
  }
  // The ping on a protected inbox needs the credentials too.
  EXPECT_EQ(screen_reply(make_head("GET", "/inbox/basic")).status, 401);
  EXPECT_EQ(screen_reply(make_head("GET", "/inbox/basic",
                                   {{"authorization", basic_header("commcare", "s3cret")}}))
                .status,
            200);
  EXPECT_EQ(store_->count_messages(), 0);
}

TEST_F(ScreenTest, OtherMethodsAre405WithAllow) {
  for (const char* method : {"PATCH", "TRACE", "CONNECT", "FOO"}) {
    const HttpReply reply = screen_reply(make_head(method, "/inbox/open"));
    EXPECT_EQ(reply.status, 405) << method;
    EXPECT_EQ(reply_header(reply, "allow"), "GET, HEAD, POST, PUT, DELETE, OPTIONS") << method;
    EXPECT_EQ(json::parse(reply.body)["error"], "method_not_allowed");
  }
}

TEST_F(ScreenTest, OptionsListsTheMethods) {
  const HttpReply reply = screen_reply(make_head("OPTIONS", "/inbox/open"));
  EXPECT_EQ(reply.status, 204);
  EXPECT_EQ(reply_header(reply, "allow"), "GET, HEAD, POST, PUT, DELETE, OPTIONS");
  EXPECT_TRUE(reply.body.empty());
}

TEST_F(ScreenTest, PostAndPutAreAccepted) {
  for (const char* method : {"POST", "PUT"}) {
    EXPECT_TRUE(
        std::holds_alternative<PendingIngest>(service_->screen(make_head(method, "/inbox/open"))))
        << method;
  }
}

TEST_F(ScreenTest, UnsupportedContentTypeIs415BeforeTheBody) {
  for (const char* type : {"application/octet-stream", "multipart/form-data; boundary=x",
                           "application/x-www-form-urlencoded", "image/png"}) {
    const HttpReply reply =
        screen_reply(make_head("POST", "/inbox/open", {{"content-type", type}}));
    EXPECT_EQ(reply.status, 415) << type;
    const json body = json::parse(reply.body);
    EXPECT_EQ(body["error"], "unsupported_media_type");
    EXPECT_EQ(body["accepted"],
              json({"application/json", "text/xml", "application/xml", "text/plain"}));
  }
  // Auth comes first: a stranger learns nothing about content types.
  EXPECT_EQ(screen_reply(make_head("POST", "/inbox/basic", {{"content-type", "image/png"}})).status,
            401);
}

TEST_F(ScreenTest, SupportedContentTypesPass) {
  for (const char* type : {"application/json", "application/json; charset=utf-8", "text/xml",
                           "application/xml", "text/plain", "application/vnd.x+json"}) {
    EXPECT_TRUE(std::holds_alternative<PendingIngest>(
        service_->screen(make_head("POST", "/inbox/open", {{"content-type", type}}))))
        << type;
  }
}

TEST_F(ScreenTest, PendingIngestCarriesSuffixAndQuery) {
  auto result =
      service_->screen(make_head("POST", "/inbox/open/forms/visit%20one?app_id=abc&x=1%202"));
  ASSERT_TRUE(std::holds_alternative<PendingIngest>(result));
  const PendingIngest& pending = std::get<PendingIngest>(result);
  EXPECT_EQ(pending.inbox, "open");
  EXPECT_EQ(pending.path_suffix, "forms/visit%20one");
  EXPECT_EQ(pending.query, "app_id=abc&x=1%202");
  ASSERT_NE(pending.config, nullptr);
  EXPECT_NE(pending.config->find_inbox("open"), nullptr);
}

TEST_F(ScreenTest, Healthz) {
  for (const char* method : {"GET", "HEAD"}) {
    const HttpReply reply = screen_reply(make_head(method, "/healthz"));
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(json::parse(reply.body), json({{"status", "alive"}}));
  }
  const HttpReply reply = screen_reply(make_head("POST", "/healthz"));
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply_header(reply, "allow"), "GET, HEAD");
}

TEST_F(ScreenTest, ReadyzWhileTheStoreCanWrite) {
  HttpReply reply = screen_reply(make_head("GET", "/readyz"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(json::parse(reply.body), json({{"status", "ok"}}));
  reply = screen_reply(make_head("PUT", "/readyz"));
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply_header(reply, "allow"), "GET, HEAD");
}

TEST(ScreenWithUnwritableStore, ReadyzIs503) {
  UnwritableStore store;
  ConfigHolder holder(std::make_shared<const Config>(load_config_text(kOneOpenInbox, "t.yaml")));
  InboxService service(holder, store);
  auto result = service.screen(make_head("GET", "/readyz"));
  ASSERT_TRUE(std::holds_alternative<HttpReply>(result));
  const HttpReply& reply = std::get<HttpReply>(result);
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(json::parse(reply.body)["status"], "unavailable");
  // Liveness does not depend on the store.
  result = service.screen(make_head("GET", "/healthz"));
  EXPECT_EQ(std::get<HttpReply>(result).status, 200);
}

TEST_F(ScreenTest, ErrorReplyShape) {
  const HttpReply reply = InboxService::error_reply(418, "teapot", "short and stout");
  EXPECT_EQ(reply.status, 418);
  EXPECT_EQ(json::parse(reply.body), json({{"error", "teapot"}, {"message", "short and stout"}}));
}

}  // namespace
}  // namespace intake::test

namespace intake::test {
namespace {

using ScreenRouteTest = InboxServiceTest;

TEST_F(ScreenRouteTest, PercentEncodedPathsKeepTheSuffixAsSent) {
  struct Case {
    const char* target;
    const char* suffix;
  };
  for (const Case& c :
       {Case{"/inbox/open", ""}, Case{"/inbox/open/", ""}, Case{"/inbox/open/a/b/", "a/b/"},
        Case{"/inbox/op%65n/forms", "forms"}, Case{"/%69nbox/open/forms/x", "forms/x"},
        Case{"/inbox/open/a%2Fb", "a%2Fb"}}) {
    auto result = service_->screen(make_head("POST", c.target));
    ASSERT_TRUE(std::holds_alternative<PendingIngest>(result)) << c.target;
    EXPECT_EQ(std::get<PendingIngest>(result).inbox, "open") << c.target;
    EXPECT_EQ(std::get<PendingIngest>(result).path_suffix, c.suffix) << c.target;
  }
}

TEST_F(ScreenRouteTest, BlankContentTypeIsSniffedLikeAMissingOne) {
  // An empty Content-Type says nothing: the body decides, as when the header is absent (a 415
  // here would make CommCare HQ cancel the record for good).
  const RequestHead head = make_head("POST", "/inbox/open", {{"content-type", ""}});
  EXPECT_TRUE(std::holds_alternative<PendingIngest>(service_->screen(head)));
}

}  // namespace
}  // namespace intake::test
