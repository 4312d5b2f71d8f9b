#pragma once
// One send(): a state machine on its own strand. Parse the URL, take a pooled connection or
// resolve/connect/handshake a new one, write the request, read the response (bounded), then
// hand the connection back and follow a redirect or call `done`. A connect timer and a total
// timer end it with a timeout; whichever finishes first wins and later completions are ignored.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "adaptors/client_state.hpp"
#include "adaptors/http_connection.hpp"
#include "adaptors/http_url.hpp"
#include "adaptors/outgoing_request.hpp"
#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors::detail {

class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  using Done = std::function<void(HttpResult)>;
  HttpExchange(std::shared_ptr<ClientState> client, HttpRequest request, Done done);

  void start();   // any thread; the work starts on the strand, never inside this call
  void cancel();  // any thread

 private:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

  template <class F>
  auto on_strand(F&& f);

  void begin();
  bool use_target(HttpTarget target);  // false: failed (bad request)
  void new_parser();
  void attempt(bool may_reuse);
  void open();
  void connect(const Endpoints& endpoints);
  void on_connected();
  void write();
  void read();
  void on_read(boost::system::error_code ec);
  void on_response();
  void follow(int status, const std::string& location);
  bool retry_on_fresh_connection();
  void fail(HttpErrorKind kind, std::string message);
  void finish(HttpResult result);

  std::shared_ptr<ClientState> client_;
  Strand strand_;
  HttpRequest request_;
  Done done_;
  bool finished_ = false;

  HttpTarget target_;
  std::string pool_key_;
  BeastRequest wire_request_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
  std::unique_ptr<HttpConnection> connection_;
  bool reused_ = false;   // connection_ came from the pool
  bool retried_ = false;  // a stale pooled connection was already replaced once
  bool connecting_ = false;
  std::uint64_t connect_generation_ = 0;  // a late connect timer of an earlier connection is void
  int redirects_ = 0;

  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer total_timer_;
};

}  // namespace intake::adaptors::detail
