// Authentication and projects, answered as HQ's decorators do.

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

class AuthTest : public EmulatorTest {};

TEST_F(AuthTest, MissingCredentialsGet401WithHqsChallenge) {
  auto result = get("/a/demo/api/case/v2/", {});
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.body, "");
  EXPECT_EQ(result.header("www-authenticate").rfind("Digest ", 0), 0u);
  // The receiver defaults to Basic (HQ's mobile_auth).
  result = send("POST", "/a/demo/receiver/", "<data/>", {});
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.header("www-authenticate").rfind("Basic ", 0), 0u);
}

TEST_F(AuthTest, WrongKeyOrPasswordGets401AndNoProcessing) {
  EXPECT_EQ(get("/a/demo/api/case/v2/", {{"Authorization", "ApiKey api@example.org:wrong"}}).status,
            401);
  EXPECT_EQ(
      get("/a/demo/api/case/v2/", {{"Authorization", "ApiKey nobody@example.org:key-123"}}).status,
      401);
  EXPECT_EQ(get("/a/demo/api/case/v2/", basic_auth("api@example.org", "nope")).status, 401);
  EXPECT_EQ(get("/a/demo/api/case/v2/", {{"Authorization", "Bearer abc"}}).status, 401);
  const auto records = emulator_->received();
  ASSERT_EQ(records.size(), 4u);
  for (const auto& record : records) {
    EXPECT_EQ(record.status, 401);
    EXPECT_EQ(record.username, "");
  }
}

TEST_F(AuthTest, ApiKeyAndBasicBothWork) {
  EXPECT_EQ(get("/a/demo/api/case/v2/").status, 200);
  EXPECT_EQ(get("/a/demo/api/case/v2/", basic_auth("api@example.org", "pw-123")).status, 200);
  EXPECT_EQ(emulator_->received().back().username, "api@example.org");
}

TEST_F(AuthTest, WrongDomainIs403ForAUserOutsideTheProject) {
  // A valid user of another project, and a project this HQ does not have: HQ's 403.
  auto result =
      get("/a/demo/api/case/v2/", {{"Authorization", "ApiKey outsider@example.org:key-456"}});
  EXPECT_EQ(result.status, 403);
  EXPECT_EQ(result.body, "");
  EXPECT_EQ(get("/a/elsewhere/api/case/v2/").status, 403);
  EXPECT_EQ(
      get("/a/elsewhere/api/case/v2/", {{"Authorization", "ApiKey outsider@example.org:key-456"}})
          .status,
      403)
      << "the emulator serves only demo";
}

TEST_F(AuthTest, UnknownPathsAre404) {
  EXPECT_EQ(get("/a/demo/api/v0.5/nothing-here/").status, 404);
  EXPECT_EQ(get("/elsewhere").status, 404);
  EXPECT_EQ(get("/a/demo/api/case/v2extra/").status, 404);
}

}  // namespace
}  // namespace intake::test
