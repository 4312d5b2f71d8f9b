#pragma once
// intake's configuration as plain structs, loaded from one YAML file (see docs/config.md).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/common/time_zone.hpp"
#include "intake/config/cron_expression.hpp"
#include "intake/config/secret.hpp"

namespace intake::filter {
class TriggerIndex;
}
namespace intake::jobs {
class Handler;
}

namespace intake {

struct ServerConfig {
  std::string listen_host = "0.0.0.0";
  std::uint16_t listen_port = 8080;
  unsigned threads = 0;                      // 0: one per hardware thread
  std::size_t max_body = 10u * 1024 * 1024;  // bytes; larger bodies get 413
  std::size_t max_connections = 10000;       // beyond it, new connections get 503 and are closed
  std::chrono::milliseconds header_timeout{10'000};  // to read a request's headers
  std::chrono::milliseconds body_timeout{60'000};    // to read a request's body
  std::chrono::milliseconds idle_timeout{75'000};    // keep-alive: between requests
  std::chrono::seconds retry_after{30};              // Retry-After on 503
  std::string log_format = "text";                   // text | json
  std::string log_level = "info";
  bool access_log = true;  // one line per request
};

struct StorageConfig {
  std::string path = "./data/intake.db";
  bool durability_full = true;  // durability: full (fsync each commit) | normal
  std::size_t quarantine_max_entries = 1000;
  std::size_t quarantine_max_bytes = 64u * 1024 * 1024;
};

// The job runtime's worker pool (apart from the HTTP threads).
struct WorkersConfig {
  unsigned threads = 2;             // threads running handlers (their HTTP calls are async)
  std::size_t max_in_flight = 256;  // runs held at once across all jobs
  std::chrono::milliseconds lease{60'000};           // a dead worker's runs are retaken after it
  std::chrono::milliseconds shutdown_grace{10'000};  // running attempts may finish within it
};

enum class AuthType { api_key, basic, bearer };

struct AuthCredential {
  AuthType type = AuthType::api_key;
  std::string header = "x-api-key";  // api_key: header name (lower-cased)
  Secret key;                        // api_key
  std::string username;              // basic
  Secret password;                   // basic
  Secret token;                      // bearer
};

struct InboxConfig {
  std::string name;
  std::vector<AuthCredential> auth;  // empty: open (intake check warns)
  std::vector<std::string> dedupe;   // JSON pointers; empty: SHA-256 of the body
};

// Credentials that jobs use to reach other systems (CommCare HQ, any HTTP API).
struct CredentialConfig {
  std::string name;
  std::string type;  // commcare | basic | bearer | api_key
  std::string base_url;  // commcare
  std::string domain;    // commcare
  std::string app_id;    // commcare, optional
  std::string username;  // commcare, basic
  std::string header;    // api_key: header name
  Secret api_key;        // commcare (with username), api_key
  Secret password;       // commcare (instead of api_key), basic
  Secret token;          // bearer
};

struct RetryPolicy {
  int max_attempts = 6;
  std::chrono::milliseconds initial{10'000};
  double multiplier = 3.0;
  std::chrono::milliseconds max{3'600'000};
};

// Gathers the runs of many messages into one handler call (CommCare rate-limits per project).
struct BatchPolicy {
  std::size_t max_items = 100;
  std::chrono::milliseconds max_wait{30'000};  // the first run of a batch waits at most this
};

struct JobConfig {
  std::string name;
  std::string handler;     // a registered handler name, e.g. log, http.request
  std::string credential;  // optional, from `credentials:`
  nlohmann::json params = nlohmann::json::object();
  RetryPolicy retry;
  int concurrency = 0;   // 0: no cap of its own
  std::string order_by;  // optional JSON pointer into the run's state
  std::optional<BatchPolicy> batch;
  // Compiled from handler + params when the config loads (templates parsed, params checked).
  std::shared_ptr<const jobs::Handler> compiled;
};

enum class TriggerType { message, cron, flow };

struct TriggerConfig {
  std::string name;
  TriggerType type = TriggerType::message;
  bool enabled = true;
  std::vector<std::string> jobs;
  // message
  std::optional<std::string> inbox;  // absent: every inbox
  nlohmann::json criteria = nlohmann::json::object();
  std::vector<nlohmann::json> exclude;
  // cron
  std::optional<CronExpression> cron;
  std::string timezone = "UTC";          // IANA name
  std::shared_ptr<const TimeZone> zone;  // loaded from `timezone`; null for UTC
  // flow
  std::string after;        // job name
  bool on_success = true;   // on: success | failure
};

struct Config {
  std::string source;  // file the config came from
  ServerConfig server;
  StorageConfig storage;
  WorkersConfig workers;
  std::map<std::string, InboxConfig> inboxes;
  std::map<std::string, CredentialConfig> credentials;
  std::map<std::string, JobConfig> jobs;
  std::vector<TriggerConfig> triggers;  // in file order
  // Message triggers compiled once at load, indexed by the (path, value) pairs they require.
  std::shared_ptr<const filter::TriggerIndex> message_triggers;
  std::vector<std::string> warnings;  // non-fatal findings (e.g. an inbox without auth)

  const InboxConfig* find_inbox(std::string_view name) const;
  const TriggerConfig* find_trigger(std::string_view name) const;
};

using ConfigPtr = std::shared_ptr<const Config>;

}  // namespace intake
