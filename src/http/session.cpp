#include "http/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <cmath>

#include "intake/common/logging.hpp"

namespace intake::http_detail {
namespace {

constexpr std::size_t kHeaderLimit = 64 * 1024;

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

Session::Session(net::ip::tcp::socket&& socket, SessionContext& context)
    : stream_(std::move(socket)), context_(context) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_addr_ = endpoint.address().to_string();
  ++context_.active;
}

Session::~Session() { release_connection_slot(); }

// A lingering connection has had its last reply: it no longer counts against max_connections
// (clients that reconnect at once got 503s while their old connections lingered for 2 s).
void Session::release_connection_slot() {
  if (counted_) {
    counted_ = false;
    --context_.active;
  }
}

void Session::start() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
}

void Session::close_if_idle() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->idle_) self->close();
  });
}

// Between requests: wait for the first byte of the next one under the idle timeout (the
// first request of a connection gets the header timeout instead).
void Session::wait_for_request() {
  if (buffer_.size() > 0) {  // a pipelined request is already here
    read_header();
    return;
  }
  if (context_.stopping) {
    close();
    return;
  }
  idle_ = true;
  stream_.expires_after(first_request_ ? context_.config.header_timeout
                                       : context_.config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(16 * 1024),
                          beast::bind_front_handler(&Session::on_data, shared_from_this()));
}

void Session::on_data(beast::error_code ec, std::size_t bytes) {
  idle_ = false;
  if (ec) {  // timeout, peer closed, or closed for shutdown: nothing was in flight
    close();
    return;
  }
  buffer_.commit(bytes);
  read_header();
}

void Session::read_header() {
  started_ = std::chrono::steady_clock::now();
  first_request_ = false;
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(context_.config.max_body);
  head_.reset();
  pending_.reset();
  stream_.expires_after(context_.config.header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) {
    return reject_too_large();
  }
  if (ec == http::error::header_limit) {
    keep_alive_ = false;
    fail_request(431, "headers_too_large", "the request headers are too large");
    return;
  }
  if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::operation_aborted) {
    close();
    return;
  }
  if (ec) {
    keep_alive_ = false;
    fail_request(400, "bad_request", "malformed HTTP request: " + ec.message());
    return;
  }

  auto& request = parser_->get();
  version_ = request.version();
  keep_alive_ = request.keep_alive();
  RequestHead head;
  head.method = std::string(request.method_string());
  head.target = std::string(request.target());
  head.remote_addr = remote_addr_;
  if (auto length = parser_->content_length()) head.content_length = *length;
  head.header = [&request](std::string_view name) -> std::optional<std::string_view> {
    auto it = request.find(beast::string_view(name.data(), name.size()));
    if (it == request.end()) return std::nullopt;
    auto value = it->value();
    return std::string_view(value.data(), value.size());
  };
  head_ = std::move(head);

  auto screened = context_.service.screen(*head_);
  if (auto* reply_now = std::get_if<HttpReply>(&screened)) {
    // The body (if any) is not read: the connection cannot be reused after this reply.
    const bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    if (has_body && !parser_->is_done()) reply_now->close = true;
    reply(std::move(*reply_now));
    return;
  }
  pending_ = std::move(std::get<PendingIngest>(screened));
  if (beast::iequals(request[http::field::expect], "100-continue")) {
    send_continue();
    return;
  }
  read_body();
}

void Session::send_continue() {
  auto response =
      std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
  stream_.expires_after(context_.config.body_timeout);
  http::async_write(stream_, *response,
                    [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                      if (ec) return self->close();
                      self->read_body();
                    });
}

void Session::read_body() {
  stream_.expires_after(context_.config.body_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) {
    return reject_too_large();
  }
  if (ec == beast::error::timeout) {
    // beast::tcp_stream has already closed the socket: no reply can be sent. Nothing was stored.
    log_event(spdlog::level::info, "request_timeout",
              {{"path", std::string(path_of(head_->target))},
               {"remote", remote_addr_},
               {"message", "the body was not received within server.body_timeout"}});
    return;
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == net::error::eof || ec == net::error::connection_reset ||
      ec == net::error::operation_aborted) {
    close();  // the client went away mid-body: nothing was stored, nobody to answer
    return;
  }
  if (ec) {  // a broken body framing (a bad chunk size, say): nothing was stored
    keep_alive_ = false;
    fail_request(400, "bad_request", "malformed HTTP request body: " + ec.message());
    return;
  }
  // From here the reply comes back from the store, possibly on its writer thread.
  stream_.expires_never();
  // Move the body out but keep the headers: head_->header still reads them.
  std::string body = std::move(parser_->get().body());
  try {
    context_.service.ingest(std::move(*pending_), *head_, std::move(body),
                            [self = shared_from_this()](HttpReply result) {
                              net::post(self->stream_.get_executor(),
                                        [self, result = std::move(result)]() mutable {
                                          self->reply(std::move(result));
                                        });
                            });
  } catch (const std::exception& error) {
    // A bug must cost one request, not the server and every request in flight. Nothing was
    // stored: 500 makes HQ send it again later.
    log_event(spdlog::level::err, "request_failed",
              {{"path", std::string(path_of(head_->target))}, {"error", error.what()}});
    fail_request(500, "internal_error",
                 "intake could not process this request and stored nothing; send it again");
  }
}

// 413 before or while reading the body; the rest of the body is never read.
void Session::reject_too_large() {
  keep_alive_ = false;
  fail_request(413, "payload_too_large",
               "the body is larger than this server accepts (server.max_body = " +
                   std::to_string(context_.config.max_body) + " bytes)");
}

void Session::fail_request(int status, std::string_view code, std::string_view message) {
  HttpReply failure = InboxService::error_reply(status, code, message);
  failure.close = true;
  if (!head_) {
    head_.emplace();
    head_->method = "-";
    head_->target = "-";
  }
  reply(std::move(failure));
}

void Session::reply(HttpReply result) {
  const bool close_after = result.close || !keep_alive_ || context_.stopping;
  response_ = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(result.status), version_);
  auto& response = *response_;
  response.set(http::field::server, "intake");
  if (!result.content_type.empty()) response.set(http::field::content_type, result.content_type);
  for (const auto& header : result.headers) response.set(header.name, header.value);
  response.keep_alive(!close_after);
  const bool head_request = head_ && head_->method == "HEAD";
  response.body() = std::move(result.body);
  response.prepare_payload();
  if (head_request) response.body().clear();  // HEAD: same headers, no body

  if (context_.config.access_log) {
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    log_event(result.status >= 500 ? spdlog::level::warn : spdlog::level::info, "request",
              {{"method", head_ ? head_->method : "-"},
               {"path", head_ ? std::string(path_of(head_->target)) : "-"},
               {"status", result.status},
               {"bytes", head_ && head_->content_length ? *head_->content_length : 0},
               {"ms", std::round(ms * 100) / 100},
               {"remote", remote_addr_},
               {"id", result.message_id.empty() ? "-" : result.message_id}});
  }

  stream_.expires_after(context_.config.body_timeout);
  http::async_write(stream_, response,
                    [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                      self->on_write(close_after, ec);
                    });
}

void Session::on_write(bool close_after, beast::error_code ec) {
  response_.reset();
  if (ec) return close();
  if (close_after) return linger_close();
  wait_for_request();
}

void Session::close() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream_.socket().close(ec);
}

// After a reply that ends the connection while the client may still be sending (an unread
// body), closing at once would reset the connection and could destroy the reply in flight.
// Like nginx's lingering close: stop sending, drain what arrives for a short while, then close.
void Session::linger_close() {
  release_connection_slot();
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  if (ec) return close();
  stream_.expires_after(std::chrono::seconds(2));
  drain();
}

void Session::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(64 * 1024),
                          [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                            self->drained_ += bytes;
                            if (ec || self->drained_ > (4u << 20)) return self->close();
                            self->drain();
                          });
}

}  // namespace intake::http_detail
