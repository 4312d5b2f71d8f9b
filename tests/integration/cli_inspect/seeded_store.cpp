#include "seeded_store.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>

#include "intake/common/ids.hpp"
#include "intake/ingest/body_decoder.hpp"
#include "intake/store/store.hpp"

namespace intake::test {
namespace {

constexpr std::int64_t kReceivedAtMs = 1714558830123;  // 2024-05-01T10:20:30.123Z

std::string append(Store& store, IncomingMessage message) {
  std::promise<AppendOutcome> outcome;
  store.append(std::move(message), [&](AppendOutcome result) { outcome.set_value(result); });
  auto result = outcome.get_future().get();
  if (!result.stored) throw std::runtime_error("append failed: " + result.error);
  return result.id;
}

void finish(Store& store, jobs::FinishRequest request) {
  std::promise<jobs::FinishResult> outcome;
  store.finish_attempt(std::move(request),
                       [&](jobs::FinishResult result) { outcome.set_value(result); });
  auto result = outcome.get_future().get();
  if (!result.written || result.lease_lost)
    throw std::runtime_error("finish failed: " + result.error);
}

IncomingMessage message(std::string inbox, std::string content_type, std::string body,
                        std::int64_t received_at_ms) {
  IncomingMessage m;
  m.id = new_uuid_v7();
  m.inbox = std::move(inbox);
  m.method = "POST";
  m.query_params_json = "{}";
  m.headers = {{"content-type", content_type}};
  m.content_type = std::move(content_type);
  m.body = std::move(body);
  m.remote_addr = "10.0.0.7";
  m.received_at_ms = received_at_ms;
  return m;
}

PlannedRun planned(std::string job, std::string trigger) {
  return {
      .id = new_uuid_v7(), .job = std::move(job), .trigger = std::move(trigger), .order_key = {}};
}

}  // namespace

CommandResult intake_on_seeded(std::vector<std::string> args) {
  args.insert(args.begin() + 1, {"--config", SeededStore::get().config.string()});
  return run_intake(args);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string iso_utc(std::int64_t unix_ms, bool milliseconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out = text;
  if (milliseconds) {
    std::snprintf(text, sizeof text, ".%03d", static_cast<int>(unix_ms % 1000));
    out += text;
  }
  return out + "Z";
}

const SeededStore& SeededStore::get() {
  static const SeededStore store;
  return store;
}

SeededStore::SeededStore() {
  config = dir.path() / "intake.yaml";
  db = dir.path() / "data" / "intake.db";
  std::ofstream(config) << "server: { listen: \"127.0.0.1:1\" }\n"
                        << "storage: { path: \"" << db.string() << "\" }\n"
                        << "inboxes:\n  commcare: {}\n  other: {}\n"
                        << "jobs:\n"
                        << "  log-registration: { handler: log, params: { message: \"registration "
                           "form received\" } }\n"
                        << "  forward: { handler: http.request, params: { method: POST, url: "
                           "\"http://127.0.0.1:9/hook\" },"
                           " retry: { max_attempts: 5 } }\n"
                        << "  forward-case: { handler: http.request, params: { url: "
                           "\"http://127.0.0.1:9/case\" } }\n";

  form_body = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  case_body = read_file(fixtures_dir() / "commcare/forwarded_case.json");
  binary_body = std::string("hello\xff\xfe world", 13);
  form_view = decode_body(BodyFormat::xml, form_body).view.dump();
  form_received_at_ms = kReceivedAtMs;

  auto store = open_sqlite_store({.path = db.string()});

  IncomingMessage form = message("commcare", "text/xml", form_body, kReceivedAtMs);
  form.path_suffix = "forms";
  form.query = "app_id=abc";
  form.query_params_json = R"({"app_id":"abc"})";
  form.headers.push_back({"received-on", "2024-05-01T10:20:30Z"});
  form.json_view = form_view;
  form.dedupe_key = "sha256:513e9bcd79dac80da0b796d4c2e6420044a9c67140894633d5477b7ba7267138";
  form.matched_triggers = {"registrations"};
  form.runs = {planned("log-registration", "registrations"), planned("forward", "registrations")};
  log_run = form.runs[0].id;
  forward_run = form.runs[1].id;
  form_id = append(*store, std::move(form));

  IncomingMessage json_case =
      message("commcare", "application/json; charset=utf-8", case_body, kReceivedAtMs + 60'000);
  json_case.matched_triggers = {"patient-cases"};
  json_case.runs = {planned("forward-case", "patient-cases")};
  case_run = json_case.runs[0].id;
  case_id = append(*store, std::move(json_case));

  IncomingMessage binary = message("other", "text/plain", binary_body, kReceivedAtMs + 120'000);
  binary.json_view = "\"hello\"";
  binary_id = append(*store, std::move(binary));

  IncomingMessage queued =
      message("other", "application/json", R"({"a":1})", kReceivedAtMs + 180'000);
  queued.matched_triggers = {"t"};
  queued.runs = {planned("later", "t"), planned("retired", "t")};
  queued_run = queued.runs[0].id;
  cancelled_run = queued.runs[1].id;
  queued_id = append(*store, std::move(queued));

  // One claim: "later" has no free slot (stays queued), "retired" is not in it (cancelled).
  const std::int64_t now = unix_millis_now() + 1000;
  std::promise<jobs::ClaimResult> claimed;
  store->claim_runs({.worker = "test-worker",
                     .now_ms = now,
                     .lease_ms = 60'000,
                     .max_runs = 64,
                     .jobs = {{"log-registration", {6, -1}},
                              {"forward", {5, -1}},
                              {"forward-case", {6, -1}},
                              {"later", {6, 0}}}},
                    [&](jobs::ClaimResult result) { claimed.set_value(std::move(result)); });
  const auto claim = claimed.get_future().get();
  if (claim.runs.size() != 3 || claim.cancelled != 1) {
    throw std::runtime_error("unexpected claim: " + std::to_string(claim.runs.size()) + " runs");
  }

  flow_run = new_uuid_v7();
  finish(*store, {.run_id = log_run,
                  .worker = "test-worker",
                  .started_at_ms = now,
                  .ended_at_ms = now + 40,
                  .next_state = jobs::RunState::succeeded,
                  .due_at_ms = 0,
                  .outcome = "succeeded",
                  .output = R"({"logged":true})",
                  .error = {},
                  .log = R"([{"at_ms":)" + std::to_string(now + 10) +
                         R"(,"level":"info","message":"registration form received"},{"at_ms":)" +
                         std::to_string(now + 20) + R"(,"level":"warn","message":"no user id"}])",
                  .follow_ups = {{.id = flow_run,
                                  .job = "notify",
                                  .trigger = "after-log",
                                  .kind = jobs::RunKind::flow,
                                  .message_id = form_id,
                                  .parent_run_id = log_run,
                                  .input = R"({"data":{"logged":true}})",
                                  .order_key = {},
                                  .due_at_ms = 0}},
                  .cron_trigger = {}});
  forward_due_at_ms = now + 3'600'000;
  finish(*store, {.run_id = forward_run,
                  .worker = "test-worker",
                  .started_at_ms = now,
                  .ended_at_ms = now + 1500,
                  .next_state = jobs::RunState::failed,
                  .due_at_ms = forward_due_at_ms,
                  .outcome = "retryable_error",
                  .output = {},
                  .error = "POST http://127.0.0.1:9/hook: HTTP 503\nRetry-After: 3600",
                  .log = R"([{"at_ms":)" + std::to_string(now + 1400) +
                         R"(,"level":"error","message":"HTTP 503 from the partner"}])",
                  .follow_ups = {},
                  .cron_trigger = {}});
  finish(*store, {.run_id = case_run,
                  .worker = "test-worker",
                  .started_at_ms = now,
                  .ended_at_ms = now + 80,
                  .next_state = jobs::RunState::dead,
                  .due_at_ms = 0,
                  .outcome = "permanent_error",
                  .output = {},
                  .error = "POST http://127.0.0.1:9/case: HTTP 400 bad request",
                  .log = "[]",
                  .follow_ups = {},
                  .cron_trigger = {}});
  quarantine_id = new_uuid_v7();
  quarantined_body = "{\"form\": {\"@name\": \"Reg\"";  // cut short: malformed JSON
  store->quarantine({quarantine_id, "commcare", "application/json", quarantined_body,
                     "malformed JSON: unexpected end of input", "10.0.0.9", now});
  store->close();
}

}  // namespace intake::test
