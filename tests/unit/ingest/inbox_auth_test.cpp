// Per-inbox auth: api_key (any header name), basic, bearer, several credentials at once.

#include <gtest/gtest.h>

#include "ingest_test_support.hpp"

namespace intake::test {
namespace {

AuthDecision decide(const InboxConfig& inbox, HeaderMap headers) {
  return authorize(inbox, headers_of(std::move(headers)));
}

TEST(Base64Helper, MatchesKnownVectors) {
  EXPECT_EQ(base64("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(base64("user:pw"), "dXNlcjpwdw==");
  EXPECT_EQ(base64("user:pwd"), "dXNlcjpwd2Q=");
}

TEST(OpenInbox, AllowsAnything) {
  const InboxConfig inbox = inbox_with({});
  EXPECT_EQ(decide(inbox, {}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic garbage"}}), AuthDecision::allowed);
}

TEST(ApiKeyAuth, DefaultHeader) {
  const InboxConfig inbox = inbox_with({api_key_credential("k-123")});
  EXPECT_EQ(decide(inbox, {{"x-api-key", "k-123"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"x-api-key", " k-123\t"}}), AuthDecision::allowed);  // OWS trimmed
  EXPECT_EQ(decide(inbox, {{"x-api-key", "k-124"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"x-api-key", "k-12"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"x-api-key", "k-1234"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"x-api-key", ""}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"x-other-key", "k-123"}}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "k-123"}}), AuthDecision::missing_credentials);
}

TEST(ApiKeyAuth, CustomHeaderName) {
  const InboxConfig inbox = inbox_with({api_key_credential("s3cret", "x-commcare-token")});
  EXPECT_EQ(decide(inbox, {{"x-commcare-token", "s3cret"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"x-api-key", "s3cret"}}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"x-commcare-token", "S3CRET"}}), AuthDecision::wrong_credentials);
}

TEST(ApiKeyAuth, CommCareDefaultAuthorizationHeaderName) {
  // CommCare's api_key auth sends the "password" as the whole value of a header whose name is
  // the "username" field, by default Authorization.
  const InboxConfig inbox = inbox_with({api_key_credential("the-key", "authorization")});
  EXPECT_EQ(decide(inbox, {{"authorization", "the-key"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer the-key"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "other"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {}), AuthDecision::missing_credentials);
}

TEST(ApiKeyAuth, AuthorizationHeaderKeyAlongsideBasic) {
  const InboxConfig inbox =
      inbox_with({api_key_credential("the-key", "authorization"), basic_credential("u", "p")});
  EXPECT_EQ(decide(inbox, {{"authorization", "the-key"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("u", "p")}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("u", "x")}}),
            AuthDecision::wrong_credentials);
}

TEST(BasicAuth, CorrectCredentials) {
  const InboxConfig inbox = inbox_with({basic_credential("commcare", "s3cret")});
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("commcare", "s3cret")}}),
            AuthDecision::allowed);
}

TEST(BasicAuth, EveryPaddingLength) {
  for (const char* password : {"pass", "pw", "pwd", "p", "a:colon:password", "ünïcödé"}) {
    const InboxConfig inbox = inbox_with({basic_credential("user", password)});
    EXPECT_EQ(decide(inbox, {{"authorization", basic_header("user", password)}}),
              AuthDecision::allowed)
        << password;
    // One byte more or less is wrong.
    EXPECT_EQ(decide(inbox, {{"authorization", basic_header("user", std::string(password) + "x")}}),
              AuthDecision::wrong_credentials)
        << password;
    EXPECT_EQ(
        decide(inbox, {{"authorization", basic_header("user", std::string(password).substr(1))}}),
        AuthDecision::wrong_credentials)
        << password;
  }
}

TEST(BasicAuth, WrongPasswordOrUser) {
  const InboxConfig inbox = inbox_with({basic_credential("commcare", "s3cret")});
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("commcare", "wrong")}}),
            AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("commcarE", "s3cret")}}),
            AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("", "s3cret")}}),
            AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic " + base64("commcare")}}),
            AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic " + base64("commcare:s3cret\n")}}),
            AuthDecision::wrong_credentials);
}

TEST(BasicAuth, MalformedBase64IsWrongNotMissing) {
  const InboxConfig inbox = inbox_with({basic_credential("commcare", "s3cret")});
  for (const char* value : {"Basic !!!!", "Basic abc",
                            "Basic ====", "Basic dXNlcjpwYXNz=", "Basic %%%%%%%%", "Basic "}) {
    EXPECT_EQ(decide(inbox, {{"authorization", value}}), AuthDecision::wrong_credentials) << value;
  }
}

TEST(BasicAuth, SchemeIsCaseInsensitive) {
  const InboxConfig inbox = inbox_with({basic_credential("u", "p")});
  const std::string encoded = base64("u:p");
  for (const char* scheme : {"Basic", "basic", "BASIC", "bAsIc"}) {
    EXPECT_EQ(decide(inbox, {{"authorization", std::string(scheme) + " " + encoded}}),
              AuthDecision::allowed)
        << scheme;
  }
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic   " + encoded + "  "}}), AuthDecision::allowed);
}

TEST(BasicAuth, MissingOrOtherScheme) {
  const InboxConfig inbox = inbox_with({basic_credential("u", "p")});
  EXPECT_EQ(decide(inbox, {}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic"}}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Basic" + base64("u:p")}}),
            AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer " + base64("u:p")}}),
            AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"x-api-key", "p"}}), AuthDecision::missing_credentials);
}

TEST(BearerAuth, StaticToken) {
  const InboxConfig inbox = inbox_with({bearer_credential("tok-1")});
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer tok-1"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", "bearer tok-1"}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", "BEARER  tok-1 "}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer tok-2"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer "}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "Bearer"}}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", "tok-1"}}), AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("tok", "1")}}),
            AuthDecision::missing_credentials);
  EXPECT_EQ(decide(inbox, {}), AuthDecision::missing_credentials);
}

TEST(Rotation, OldAndNewCredentialsBothWork) {
  const InboxConfig inbox =
      inbox_with({basic_credential("commcare", "old-pw"), basic_credential("commcare", "new-pw"),
                  api_key_credential("old-key"), api_key_credential("new-key"),
                  bearer_credential("old-token"), bearer_credential("new-token")});
  for (const HeaderMap& headers :
       std::vector<HeaderMap>{{{"authorization", basic_header("commcare", "old-pw")}},
                              {{"authorization", basic_header("commcare", "new-pw")}},
                              {{"x-api-key", "old-key"}},
                              {{"x-api-key", "new-key"}},
                              {{"authorization", "Bearer old-token"}},
                              {{"authorization", "Bearer new-token"}},
                              // A wrong Authorization does not stop a right key in another header.
                              {{"authorization", "Bearer nope"}, {"x-api-key", "new-key"}}}) {
    EXPECT_EQ(decide(inbox, headers), AuthDecision::allowed) << headers.begin()->second;
  }
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("commcare", "older-pw")}}),
            AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {{"x-api-key", "oldest-key"}}), AuthDecision::wrong_credentials);
  EXPECT_EQ(decide(inbox, {}), AuthDecision::missing_credentials);
}

TEST(Rotation, DifferentUsersEachWithTheirPassword) {
  const InboxConfig inbox = inbox_with({basic_credential("a", "pa"), basic_credential("b", "pb")});
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("a", "pa")}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("b", "pb")}}), AuthDecision::allowed);
  EXPECT_EQ(decide(inbox, {{"authorization", basic_header("a", "pb")}}),
            AuthDecision::wrong_credentials);
}

TEST(AuthChallenge, PerAuthType) {
  EXPECT_EQ(auth_challenge(inbox_with({basic_credential("u", "p")}, "forms")),
            "Basic realm=\"intake/forms\", charset=\"UTF-8\"");
  EXPECT_EQ(auth_challenge(inbox_with({bearer_credential("t")}, "forms")),
            "Bearer realm=\"intake/forms\"");
  EXPECT_EQ(
      auth_challenge(inbox_with(
          {basic_credential("u", "p"), bearer_credential("t"), basic_credential("v", "q")}, "x")),
      "Basic realm=\"intake/x\", charset=\"UTF-8\", Bearer realm=\"intake/x\"");
  EXPECT_EQ(auth_challenge(inbox_with({api_key_credential("k")})), "");
  EXPECT_EQ(auth_challenge(inbox_with({})), "");
}

TEST(ConstantTimeEquals, Basics) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("secret", "secret"));
  EXPECT_TRUE(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equals("secret", "secreT"));
  EXPECT_FALSE(constant_time_equals("secret", "secret "));
  EXPECT_FALSE(constant_time_equals("secret", "secre"));
  EXPECT_FALSE(constant_time_equals("", "x"));
  EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_FALSE(constant_time_equals(std::string("a\0", 2), "a"));
}

}  // namespace
}  // namespace intake::test
