#pragma once
// A scriptable HTTP/1.1 server on 127.0.0.1 (a free port), plain or TLS, for testing outgoing
// HTTP (the client, handlers, retries). It records every request and answers from a script:
//
//   TestHttpServer server;                              // or TestHttpServer({.tls = true})
//   server.enqueue(Reply::text(503).header("Retry-After", "1"), 2);   // two 503s, then...
//   server.set_responder([](const RecordedRequest&) { return Reply::text(200, "done"); });
//   ... send requests to server.url("/hook") ...
//   EXPECT_EQ(server.requests().at(0).header("content-type"), "application/json");
//
// Connections are kept alive unless the client or the reply says otherwise. Everything runs on
// one thread of its own; the destructor closes every connection and joins it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/test_certificates.hpp"

namespace intake::test {

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t connection = 0;  // which accepted connection it came on: 1, 2, ...
  // The first header with this name (case-insensitive); "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// What the server does with one request.
struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering (or closing)
  bool close_without_answer = false;   // read the request, then close the connection
  bool close_after = false;            // answer with Connection: close, then close
  std::string raw;  // when set: these bytes instead of a response, then close (for bad HTTP)

  static Reply text(int status, std::string body = "");
  static Reply redirect(int status, std::string location);
  static Reply close();  // close_without_answer
  static Reply raw_bytes(std::string bytes);
  Reply& header(std::string name, std::string value) &;
  Reply&& header(std::string name, std::string value) &&;
  Reply&& after(std::chrono::milliseconds wait) &&;
};

class TestHttpServer {
 public:
  struct Options {
    bool tls = false;
    // The certificate served with TLS; default: test_server_identity() (127.0.0.1, localhost,
    // signed by test_ca()).
    const TlsIdentity* identity = nullptr;
  };

  TestHttpServer();
  explicit TestHttpServer(Options options);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:<port><path>" ("https://" with TLS).
  std::string url(std::string_view path = "/") const;

  // Queued replies answer the next requests in order (each `times` times); when the queue is
  // empty the responder answers (by default 200 "ok").
  void enqueue(Reply reply, int times = 1);
  void set_responder(std::function<Reply(const RecordedRequest&)> responder);

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  std::size_t connection_count() const;  // connections accepted so far (TLS: handshake or not)
  // Waits until `count` requests have arrived; false on timeout.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A loopback port whose TCP connects hang (a listening socket with a full accept queue): for
// connect timeouts.
class HangingListener {
 public:
  HangingListener();
  ~HangingListener();
  HangingListener(const HangingListener&) = delete;
  HangingListener& operator=(const HangingListener&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  std::vector<int> fillers_;
  std::uint16_t port_ = 0;
};

}  // namespace intake::test
