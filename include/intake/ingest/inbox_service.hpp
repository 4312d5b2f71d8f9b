#pragma once
// What intake does with one HTTP request, free of any HTTP library: routing, auth, content
// types, decoding, dedupe keys and the durable append. The Beast session (src/http) only moves
// bytes; tests and benchmarks can drive this directly.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "intake/config/config_holder.hpp"
#include "intake/ingest/body_decoder.hpp"
#include "intake/ingest/inbox_auth.hpp"
#include "intake/message.hpp"
#include "intake/store/message_store.hpp"

namespace intake {

struct RequestHead {
  std::string method;  // upper case, e.g. "POST"
  std::string target;  // origin-form: path and query, as sent
  HeaderLookup header;  // lower-case names
  std::optional<std::uint64_t> content_length;
  std::string remote_addr;
};

struct HttpReply {
  int status = 200;
  std::vector<Header> headers;  // besides Content-Type/Length, which the server sets
  std::string content_type = "application/json";
  std::string body;
  std::string message_id;  // for the access log
  bool close = false;      // close the connection after this reply
};

// A request that passed every check that needs no body; it is accepted once the body is read.
struct PendingIngest {
  ConfigPtr config;  // the snapshot this request is handled with
  std::string inbox;
  std::string path_suffix;
  std::string query;
};

class InboxService {
 public:
  InboxService(ConfigHolder& config, MessageStore& store);

  // After the headers: either a complete reply (GET ping, health, 401, 404, 405, 413, 415...)
  // or a PendingIngest that needs the body.
  std::variant<HttpReply, PendingIngest> screen(const RequestHead& head);

  // With the body: decodes it, appends it to the store and calls `done` exactly once with 202
  // (after the message is durable), 400 (malformed) or 503 (store unavailable). `done` may run
  // on the store's writer thread.
  void ingest(PendingIngest pending, const RequestHead& head, std::string body,
              std::function<void(HttpReply)> done);

  // Called (on the store's writer thread) after a message that started runs is stored, so the
  // job runtime can pick them up at once. Set before serving.
  void on_runs_stored(std::function<void()> listener) { runs_stored_ = std::move(listener); }

  // A JSON error reply: {"error": code, "message": message, ...extra}.
  static HttpReply error_reply(int status, std::string_view code, std::string_view message);

 private:
  HttpReply health(bool ready) const;

  ConfigHolder& config_;
  MessageStore& store_;
  std::function<void()> runs_stored_;
};

}  // namespace intake
