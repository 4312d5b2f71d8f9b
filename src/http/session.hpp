#pragma once
// One HTTP connection: reads requests (keep-alive and pipelined, one at a time, in order),
// enforces the header/body/idle timeouts and the body limit, hands each request to the
// InboxService and writes its reply.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "intake/config/config.hpp"
#include "intake/ingest/inbox_service.hpp"

namespace intake::http_detail {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

// Shared by the listener and every session: limits, the service, and the connection count.
struct SessionContext {
  ServerConfig config;
  InboxService& service;
  std::atomic<std::size_t> active{0};
  std::atomic<bool> stopping{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::ip::tcp::socket&& socket, SessionContext& context);
  ~Session();
  void start();
  // Called on shutdown: closes the connection if it is waiting for a next request.
  void close_if_idle();

 private:
  void wait_for_request();
  void on_data(beast::error_code ec, std::size_t bytes);
  void read_header();
  void on_header(beast::error_code ec, std::size_t);
  void send_continue();
  void read_body();
  void on_body(beast::error_code ec, std::size_t);
  void reply(HttpReply reply);
  void on_write(bool close, beast::error_code ec);
  void close();
  void linger_close();
  void release_connection_slot();
  void drain();
  void reject_too_large();
  void fail_request(int status, std::string_view code, std::string_view message);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  SessionContext& context_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<RequestHead> head_;
  std::optional<PendingIngest> pending_;
  std::string remote_addr_;
  std::chrono::steady_clock::time_point started_;
  bool first_request_ = true;
  bool idle_ = false;
  unsigned version_ = 11;
  std::size_t drained_ = 0;
  bool keep_alive_ = true;
  bool counted_ = true;  // counts in context_.active
  std::shared_ptr<http::response<http::string_body>> response_;
};

}  // namespace intake::http_detail
