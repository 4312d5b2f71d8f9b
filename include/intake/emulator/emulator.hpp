#pragma once
// A CommCare HQ emulator on loopback: Case API v2, the Bulk Upload Case Data API, the Form
// Submission API and the Form Data API lists, strict the way HQ is (docs/emulator.md). It keeps
// what it received for tests to assert on and can be told to fail. Beast stays out of this header.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/emulator/users.hpp"

namespace intake::emulator {

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                       // 0: any free port (read it back with port())
  std::vector<std::string> domains = {"demo"};  // the projects it serves
  std::vector<User> users;
  std::filesystem::path seed_fixtures;  // "" = start empty; else the shared fixtures dir
  // Case API v2 write responses name the generated form "form_id" (HQ's code) or "xform_id"
  // (HQ's docs); commcare.md says clients should accept both.
  std::string case_api_form_key = "form_id";
  // Status polls that answer "started" (state 1) before an import answers its final state.
  int import_polls_before_done = 1;
  // HQ treats a submission without X-OpenRosa-Version as OpenRosa 2.0; true refuses it (400).
  bool require_openrosa_header = false;
  unsigned threads = 2;
};

// One request as received, with the status it was answered with.
struct RecordedRequest {
  std::uint64_t seq = 0;  // 1, 2, 3 ... in arrival order
  std::string method;
  std::string target;  // path and query as sent
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string endpoint;  // "case_api", "bulk_upload", "import_status", "receiver",
                         // "form_list", "unknown"
  std::string username;  // "" when not authenticated
  int status = 0;
  std::string injected;  // "fail", "rate_limit", "delay" or ""
  nlohmann::json to_json() const;
};

// An injected failure: the next `count` matching requests are answered with it, unprocessed.
struct FailureSpec {
  int count = 1;
  int status = 503;
  std::optional<int> retry_after;  // seconds, sent as Retry-After
  std::string body;                // "" = {"error": "<reason phrase>"} as JSON
  std::string path_prefix;         // "" = any HQ endpoint (control endpoints never fail)
};

class CommCareEmulator {
 public:
  explicit CommCareEmulator(Options options);
  ~CommCareEmulator();
  CommCareEmulator(const CommCareEmulator&) = delete;
  CommCareEmulator& operator=(const CommCareEmulator&) = delete;

  // Binds and serves. Throws std::runtime_error when it cannot listen or cannot seed.
  void start();
  void stop();  // idempotent; also done by the destructor
  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // What it received (control endpoints are not recorded), oldest first.
  std::vector<RecordedRequest> received() const;

  // Failure injection (tests of retries and back-off).
  void fail_next(int count, int status, std::optional<int> retry_after = std::nullopt,
                 std::string body = "", std::string path_prefix = "");
  void fail_next(const FailureSpec& spec);
  // The next `count` matching requests are processed normally but answered after `delay`.
  void delay_next(int count, std::chrono::milliseconds delay, std::string path_prefix = "");
  // At most `requests` HQ requests per `window`; more get 429 with Retry-After: retry_after.
  // requests <= 0 turns the limit off.
  void rate_limit(int requests, std::chrono::milliseconds window, int retry_after_seconds);
  // The next `count` bulk uploads end in state 3 (failed) instead of running.
  void fail_next_imports(int count);

  // Forgets requests, failures, delays and the rate limit, and returns the data (cases, forms,
  // imports) to its state after start (the seed, if any).
  void reset();

  // The stored data, as HQ would serialize it.
  nlohmann::json cases() const;            // Case API v2 objects, in indexed_on order
  nlohmann::json forms() const;            // Form API objects (current versions), in received order
  nlohmann::json replaced_forms() const;   // forms replaced by a reused instanceID (deprecated)
  nlohmann::json duplicate_forms() const;  // identical resubmissions
  nlohmann::json imports() const;          // bulk uploads with their fields, rows and status

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake::emulator
