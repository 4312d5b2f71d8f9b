// The http.request job end to end: a real runtime and store, a real loopback server, the real
// handler from the registry with its params mapped from the message.

#include <gtest/gtest.h>

#include "intake/common/ids.hpp"
#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"
#include "support/runtime_harness.hpp"
#include "support/test_certificates.hpp"
#include "support/test_http_server.hpp"

namespace intake::test {
namespace {

using jobs::RunState;
using namespace std::chrono_literals;

std::string config_for(
    const std::string& params, const std::string& extra_job = "",
    const std::string& retry = "{ max_attempts: 4, initial: 20ms, multiplier: 2, max: 1s }") {
  return R"(
inboxes: { test: {} }
credentials:
  partner: { type: bearer, token: "s3cret-token" }
jobs:
  call:
    handler: http.request
    retry: )" +
         retry + R"(
    params: )" +
         params + "\n" + extra_job;
}

const nlohmann::json kForm = {
    {"form", {{"@name", "Registration"}, {"case", {{"@case_id", "c-1"}}}, {"age", "8"}}},
    {"domain", "demo"}};

TEST(HttpRequestJob, PostsTheMappedBodyAndKeepsTheResponseAsOutput) {
  TestHttpServer server;
  server.set_responder([](const RecordedRequest&) {
    return Reply::text(201, R"({"id": "p-9"})").header("Content-Type", "application/json");
  });
  RuntimeHarness harness(config_for(R"(
      method: POST
      url: ")" + server.url("/patients") +
                                    R"("
      query: { source: commcare, case: "{{ /data/form/case/@case_id }}" }
      headers: { X-Domain: "{{ /data/domain }}" }
      body: { case_id: "{{ /data/form/case/@case_id }}", age: "{{ /data/form/age }}", note: "age {{ /data/form/age }}" })"),
                         {});
  harness.start();
  const auto id = harness.post(kForm, {"call"})[0];
  const auto run = harness.wait_for(id);
  ASSERT_EQ(run.state, RunState::succeeded) << run.last_error;
  ASSERT_EQ(server.request_count(), 1u);
  const auto request = server.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/patients?case=c-1&source=commcare");  // query names in order
  EXPECT_EQ(request.header("x-domain"), "demo");
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("idempotency-key"), run.message_id + ":call");
  EXPECT_EQ(nlohmann::json::parse(request.body),
            (nlohmann::json{{"case_id", "c-1"}, {"age", "8"}, {"note", "age 8"}}));
  const auto output = nlohmann::json::parse(run.output);
  EXPECT_EQ(output["status"], 201);
  EXPECT_EQ(output["body"]["id"], "p-9");
  EXPECT_EQ(output["headers"]["content-type"], "application/json");
}

TEST(HttpRequestJob, TargetAnswering503TwiceThen200IsRetriedToSuccess) {
  TestHttpServer server;
  server.enqueue(Reply::text(503, "busy"), 2);
  RuntimeHarness harness(
      config_for(R"({ method: POST, url: ")" + server.url("/hook") + R"(", body: "{{ /data }}" })"),
      {});
  harness.start();
  const auto id = harness.post(kForm, {"call"})[0];
  const auto run = harness.wait_for(id);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(run.attempts, 3);
  ASSERT_EQ(run.attempt_log.size(), 3u);
  EXPECT_EQ(run.attempt_log[0].outcome, "retryable_error");
  EXPECT_NE(run.attempt_log[0].error.find("answered 503: busy"), std::string::npos);
  EXPECT_EQ(server.request_count(), 3u);
  // The same key on every attempt: the target can drop a repeat.
  const auto requests = server.requests();
  EXPECT_EQ(requests[0].header("idempotency-key"), requests[2].header("idempotency-key"));
}

TEST(HttpRequestJob, ClientErrorIsPermanentAndNotRetried) {
  TestHttpServer server;
  server.enqueue(Reply::text(422, R"({"error": "age must be a number"})"));
  RuntimeHarness harness(config_for(R"({ url: ")" + server.url("/x") + R"(" })"), {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kForm, {"call"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("age must be a number"), std::string::npos);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(HttpRequestJob, TooManyRequestsWaitsForRetryAfter) {
  TestHttpServer server;
  server.enqueue(Reply::text(429, "slow down").header("Retry-After", "30"));
  RuntimeHarness harness(config_for(R"({ url: ")" + server.url("/x") + R"(" })"), {});
  harness.start();
  const auto before = unix_millis_now();
  const auto run = harness.wait_for(harness.post(kForm, {"call"})[0],
                                    [](const auto& r) { return r.state == RunState::failed; });
  EXPECT_GE(run.due_at_ms, before + 30'000);
  EXPECT_LE(run.due_at_ms, unix_millis_now() + 31'000);
}

TEST(HttpRequestJob, SlowTargetTimesOutAndIsRetried) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "late").after(2s));
  RuntimeHarness harness(config_for(R"({ url: ")" + server.url("/slow") + R"(", timeout: 200ms })"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kForm, {"call"})[0]);
  EXPECT_EQ(run.state, RunState::succeeded);  // the second attempt gets the default 200
  ASSERT_GE(run.attempt_log.size(), 2u);
  EXPECT_NE(run.attempt_log[0].error.find("timeout"), std::string::npos)
      << run.attempt_log[0].error;
  EXPECT_LT(run.attempt_log[0].ended_at_ms - run.attempt_log[0].started_at_ms, 1500);
}

TEST(HttpRequestJob, TlsWithTheTestCaSucceedsAndWithoutItIsRefused) {
  TestHttpServer server({.tls = true, .identity = nullptr});
  const std::string url = server.url("/secure");
  RuntimeHarness trusted(
      config_for(R"({ url: ")" + url + R"(", ca_file: ")" + test_ca().cert_file() + R"(" })"), {});
  trusted.start();
  EXPECT_EQ(trusted.wait_for(trusted.post(kForm, {"call"})[0]).state, RunState::succeeded);

  RuntimeHarness untrusted(config_for(R"({ url: ")" + url + R"(" })", "", "{ max_attempts: 1 }"),
                           {});
  untrusted.start();
  const auto run = untrusted.wait_for(untrusted.post(kForm, {"call"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_NE(run.last_error.find("tls"), std::string::npos) << run.last_error;
}

TEST(HttpRequestJob, MissingPathFailsPermanentlyNamingIt) {
  TestHttpServer server;
  RuntimeHarness harness(config_for(R"({ method: POST, url: ")" + server.url("/x") +
                                    R"(", body: { w: "{{ /data/form/weight }}" } })"),
                         {});
  harness.start();
  const auto run = harness.wait_for(harness.post(kForm, {"call"})[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_NE(run.last_error.find("/data/form/weight"), std::string::npos) << run.last_error;
  EXPECT_NE(run.last_error.find("/body/w"), std::string::npos) << run.last_error;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST(HttpRequestJob, CredentialIsSentButNeverLogged) {
  TestHttpServer server;
  RuntimeHarness with_credential(R"(
inboxes: { test: {} }
credentials:
  partner: { type: bearer, token: "s3cret-token" }
jobs:
  call: { handler: http.request, credential: partner, params: { url: ")" +
                                     server.url("/x") + R"(" } }
)",
                                 {});
  with_credential.start();
  const auto run = with_credential.wait_for(with_credential.post(kForm, {"call"})[0]);
  EXPECT_EQ(run.state, RunState::succeeded);
  EXPECT_EQ(server.requests().at(0).header("authorization"), "Bearer s3cret-token");
  for (const auto& attempt : run.attempt_log)
    EXPECT_EQ(attempt.log.find("s3cret"), std::string::npos);
  EXPECT_EQ(run.output.find("s3cret"), std::string::npos);
}

TEST(HttpRequestJob, BadTemplateIsAConfigErrorWithItsLine) {
  try {
    load_config_text(config_for(R"(
      url: "http://127.0.0.1:1/x"
      body: { w: "{{ data/form/weight }}" })"),
                     "jobs.yaml", [](const std::string&) { return std::optional<std::string>(); });
    FAIL() << "expected a config error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.line(), 11) << error.what();
    EXPECT_NE(std::string(error.what()).find("jobs.call.params.body.w"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace intake::test
