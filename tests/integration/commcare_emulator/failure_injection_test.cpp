// Failure injection in process: injected statuses (503, 429 + Retry-After, custom bodies),
// delays, the rate limit, reset, and what received() records.

#include <chrono>
#include <future>

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

const std::string kCases = "/a/demo/api/case/v2/";

class FailureInjectionTest : public EmulatorTest {};

TEST_F(FailureInjectionTest, FailNextAnswersUnprocessedThenRecovers) {
  emulator_->fail_next(2, 503);
  const json body = {{"case_type", "p"}, {"case_name", "A"}, {"owner_id", "o"}};
  auto first =
      send("POST", kCases, body.dump(), with(api_key_auth(), "Content-Type", "application/json"));
  EXPECT_EQ(first.status, 503);
  EXPECT_EQ(json::parse(first.body), json({{"error", "Service Unavailable"}}));
  EXPECT_EQ(send("POST", kCases, body.dump(), api_key_auth()).status, 503);
  EXPECT_TRUE(emulator_->cases().empty()) << "failed requests are not processed";
  EXPECT_EQ(send("POST", kCases, body.dump(), api_key_auth()).status, 200);
  EXPECT_EQ(emulator_->cases().size(), 1u);

  const auto records = emulator_->received();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].injected, "fail");
  EXPECT_EQ(records[0].status, 503);
  EXPECT_EQ(records[0].endpoint, "case_api");
  EXPECT_EQ(records[0].body, body.dump());
  EXPECT_EQ(records[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(records[2].injected, "");
  EXPECT_EQ(records[2].username, "api@example.org");
  EXPECT_EQ(records[2].seq, 3u);
}

TEST_F(FailureInjectionTest, TooManyRequestsCarriesRetryAfterAndACustomBody) {
  emulator_->fail_next(1, 429, 17, R"({"error":"slow down"})", "/a/demo/receiver/");
  // Only the receiver is targeted: the case API is untouched.
  EXPECT_EQ(get(kCases).status, 200);
  auto result = send("POST", "/a/demo/receiver/", "<data/>", api_key_auth());
  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(result.header("retry-after"), "17");
  EXPECT_EQ(result.body, R"({"error":"slow down"})");
  EXPECT_EQ(result.header("content-type"), "application/json");
}

TEST_F(FailureInjectionTest, DelayHoldsTheAnswerButNotOtherRequests) {
  emulator_->delay_next(1, milliseconds(600), "/a/demo/api/form/");
  const auto start = std::chrono::steady_clock::now();
  auto slow = std::async(std::launch::async, [&] { return get("/a/demo/api/form/v1/"); });
  std::this_thread::sleep_for(milliseconds(50));
  // Another request is answered while the delayed one waits.
  EXPECT_EQ(get(kCases).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  EXPECT_EQ(slow.get().status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(600));
  EXPECT_EQ(emulator_->received()[0].injected, "delay");
}

TEST_F(FailureInjectionTest, RateLimitAnswers429WithRetryAfterBeyondTheLimit) {
  emulator_->rate_limit(2, std::chrono::seconds(60), 30);
  EXPECT_EQ(get(kCases).status, 200);
  EXPECT_EQ(get(kCases).status, 200);
  auto limited = get(kCases);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "30");
  EXPECT_EQ(limited.body, "");
  emulator_->rate_limit(0, std::chrono::seconds(1), 1);
  EXPECT_EQ(get(kCases).status, 200);
}

TEST_F(FailureInjectionTest, ResetForgetsRequestsFailuresAndData) {
  send_json("POST", kCases, {{"case_type", "p"}, {"case_name", "A"}, {"owner_id", "o"}}, 200);
  emulator_->fail_next(5, 500);
  emulator_->reset();
  EXPECT_TRUE(emulator_->received().empty());
  EXPECT_TRUE(emulator_->cases().empty());
  EXPECT_EQ(get(kCases).status, 200);
}

}  // namespace
}  // namespace intake::test
