#pragma once
// Domain types for a message as it travels from the receive path into the store.
// Plain C++: nothing here knows about Beast or SQLite.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace intake {

struct Header {
  std::string name;  // lower-case
  std::string value;
};

// A run that a stored message must start (one per matched job). Filled by trigger matching.
struct PlannedRun {
  std::string id;       // UUIDv7
  std::string job;      // job name from the config
  std::string trigger;  // trigger that selected it
  std::string order_key;  // job + the job's order_by value: same key, one at a time, in order
};

// Everything the receive path hands to the store for one accepted request.
struct IncomingMessage {
  std::string id;  // UUIDv7, sorts by arrival time
  std::string inbox;
  std::string method;
  std::string path_suffix;        // part of the path after /inbox/{name}, without the leading '/'
  std::string query;              // raw query string, without '?'
  std::string query_params_json;  // JSON object: name -> value (or array of values when repeated)
  std::vector<Header> headers;    // the selected headers only
  std::string content_type;       // as sent
  std::string body;               // raw bytes, byte for byte
  std::string json_view;          // serialized JSON view of the body
  std::string remote_addr;
  std::int64_t received_at_ms = 0;  // Unix epoch milliseconds
  std::string dedupe_key;           // unique per inbox
  std::vector<std::string> matched_triggers;
  std::vector<PlannedRun> runs;
};

// A message read back from the store.
struct StoredMessage {
  std::string id;
  std::string inbox;
  std::string method;
  std::string path_suffix;
  std::string query;
  std::string query_params_json;
  std::vector<Header> headers;
  std::string content_type;
  std::string body;
  std::string json_view;
  std::string remote_addr;
  std::int64_t received_at_ms = 0;
  std::string dedupe_key;
  std::vector<std::string> matched_triggers;
};

// A body that could not be decoded, kept (bounded) so an operator can inspect it.
struct QuarantinedBody {
  std::string id;
  std::string inbox;
  std::string content_type;
  std::string body;
  std::string error;
  std::string remote_addr;
  std::int64_t received_at_ms = 0;
};

}  // namespace intake
