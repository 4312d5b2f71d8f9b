#include "adaptors/http_exchange.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace intake::adaptors::detail {

namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using tcp = net::ip::tcp;

namespace {

constexpr std::uint32_t kHeaderLimit = 64 * 1024;

std::string after_ms(std::chrono::milliseconds duration) {
  return " timed out after " + std::to_string(duration.count()) + " ms";
}

// An error of Beast's HTTP parser (other than the peer closing early): the bytes were not HTTP.
bool is_parse_error(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_version).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

HttpExchange::HttpExchange(std::shared_ptr<ClientState> client, HttpRequest request, Done done)
    : client_(std::move(client)),
      strand_(net::make_strand(client_->io)),
      request_(std::move(request)),
      done_(std::move(done)),
      resolver_(strand_),
      connect_timer_(strand_),
      total_timer_(strand_) {}

// Every completion runs on the strand and keeps the exchange (and so the buffers that pending
// operations use) alive.
template <class F>
auto HttpExchange::on_strand(F&& f) {
  return net::bind_executor(strand_, std::forward<F>(f));
}

void HttpExchange::start() {
  client_->track(shared_from_this());
  net::post(strand_, [self = shared_from_this()] { self->begin(); });
}

void HttpExchange::cancel() {
  net::post(strand_, [self = shared_from_this()] {
    self->fail(HttpErrorKind::cancelled, "the HTTP client was shut down");
  });
}

void HttpExchange::begin() {
  if (finished_) return;
  total_timer_.expires_after(request_.total_timeout);
  total_timer_.async_wait(on_strand([self = shared_from_this(), this](error_code ec) {
    if (ec || finished_) return;
    fail(HttpErrorKind::timeout,
         "request to " + target_.authority() + after_ms(request_.total_timeout));
  }));
  auto parsed = parse_http_url(request_.url);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    fail(HttpErrorKind::bad_url, "bad URL: " + *why);
    return;
  }
  if (use_target(std::get<HttpTarget>(std::move(parsed)))) attempt(true);
}

bool HttpExchange::use_target(HttpTarget target) {
  target_ = std::move(target);
  pool_key_ = target_.origin() + " " + request_.ca_file;
  std::optional<std::string> why;
  try {
    why = build_request(request_, target_, wire_request_);
  } catch (const std::exception& e) {
    why = e.what();
  }
  if (why) fail(HttpErrorKind::bad_request, "bad request to " + target_.authority() + ": " + *why);
  return !why;
}

void HttpExchange::new_parser() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(request_.max_response_bytes);
  parser_->skip(request_.method == "HEAD");
}

void HttpExchange::attempt(bool may_reuse) {
  new_parser();
  connection_.reset();
  reused_ = false;
  if (may_reuse) connection_ = client_->pool.take(pool_key_);
  if (connection_) {
    reused_ = true;
    write();
  } else {
    open();
  }
}

void HttpExchange::open() {
  std::shared_ptr<net::ssl::context> tls;
  if (target_.tls) {
    std::string error;
    tls = client_->tls.get(request_.ca_file, error);
    if (!tls) {
      fail(HttpErrorKind::tls, error);
      return;
    }
  }
  connection_ = std::make_unique<HttpConnection>(client_->io, std::move(tls));
  connecting_ = true;
  const auto generation = ++connect_generation_;
  connect_timer_.expires_after(request_.connect_timeout);
  connect_timer_.async_wait(on_strand([self = shared_from_this(), this, generation](error_code ec) {
    if (ec || finished_ || !connecting_ || generation != connect_generation_) return;
    fail(HttpErrorKind::timeout,
         "connecting to " + target_.authority() + after_ms(request_.connect_timeout));
  }));

  if (target_.host_is_ip) {
    error_code ec;
    auto address = net::ip::make_address(target_.host, ec);
    if (ec) {
      fail(HttpErrorKind::bad_url, "bad URL: the host is not a valid IP address");
      return;
    }
    connect({tcp::endpoint(address, target_.port)});
    return;
  }
  resolver_.async_resolve(
      target_.host, std::to_string(target_.port),
      on_strand(
          [self = shared_from_this(), this](error_code ec, tcp::resolver::results_type found) {
            if (finished_) return;
            if (ec) {
              fail(HttpErrorKind::resolve, "cannot resolve " + target_.host + ": " + ec.message());
              return;
            }
            Endpoints endpoints;
            for (const auto& entry : found) endpoints.push_back(entry.endpoint());
            connect(endpoints);
          }));
}

void HttpExchange::connect(const Endpoints& endpoints) {
  net::async_connect(
      connection_->socket(), endpoints,
      on_strand([self = shared_from_this(), this](error_code ec, const tcp::endpoint&) {
        if (finished_) return;
        if (ec) {
          fail(HttpErrorKind::connect,
               "cannot connect to " + target_.authority() + ": " + ec.message());
          return;
        }
        // The request may go out in several writes (TLS: one record per buffer); don't let
        // Nagle hold the later ones back for the peer's delayed ACK.
        connection_->socket().set_option(tcp::no_delay(true), ec);
        auto* tls = connection_->tls();
        if (!tls) {
          on_connected();
          return;
        }
        std::string error;
        if (!expect_peer(tls->native_handle(), target_, error)) {
          fail(HttpErrorKind::tls, error);
          return;
        }
        tls->async_handshake(
            net::ssl::stream_base::client, on_strand([self, this](error_code ec) {
              if (finished_) return;
              if (ec) {
                fail(HttpErrorKind::tls,
                     "TLS handshake with " + target_.authority() + " failed: " +
                         describe_handshake_error(connection_->tls()->native_handle(), ec));
                return;
              }
              on_connected();
            }));
      }));
}

void HttpExchange::on_connected() {
  connecting_ = false;
  connect_timer_.cancel();
  write();
}

void HttpExchange::write() {
  connection_->with_stream([this](auto& stream) {
    http::async_write(
        stream, wire_request_,
        on_strand([self = shared_from_this(), this](error_code ec, std::size_t) {
          if (finished_) return;
          if (!ec) {
            read();
          } else if (!retry_on_fresh_connection()) {
            fail(HttpErrorKind::connection_lost,
                 "sending the request to " + target_.authority() + " failed: " + ec.message());
          }
        }));
  });
}

void HttpExchange::read() {
  connection_->with_stream([this](auto& stream) {
    http::async_read(
        stream, connection_->buffer(), *parser_,
        on_strand([self = shared_from_this(), this](error_code ec, std::size_t) { on_read(ec); }));
  });
}

void HttpExchange::on_read(error_code ec) {
  if (finished_) return;
  if (ec == net::ssl::error::stream_truncated && parser_->is_header_done() && !parser_->is_done()) {
    // A TLS peer that closes without close_notify: for a body that ends at EOF, that is its end.
    ec = {};
    parser_->put_eof(ec);
  }
  if (ec == http::error::body_limit) {
    fail(HttpErrorKind::too_large, "the response from " + target_.authority() + " is larger than " +
                                       std::to_string(request_.max_response_bytes) + " bytes");
    return;
  }
  if (ec) {
    const bool nothing_received = !parser_->got_some() && connection_->buffer().size() == 0;
    if (nothing_received && retry_on_fresh_connection()) return;
    if (nothing_received) {
      fail(HttpErrorKind::connection_lost,
           target_.authority() + " closed the connection without answering (" + ec.message() + ")");
    } else if (is_parse_error(ec)) {
      fail(HttpErrorKind::protocol,
           "bad response from " + target_.authority() + ": " + ec.message());
    } else {
      fail(HttpErrorKind::connection_lost, "the connection to " + target_.authority() +
                                               " failed during the response: " + ec.message());
    }
    return;
  }
  const int status = static_cast<int>(parser_->get().result_int());
  if (status >= 100 && status < 200 && status != 101) {  // interim (100, 103): the real one follows
    new_parser();
    read();
    return;
  }
  on_response();
}

void HttpExchange::on_response() {
  const bool reusable = !parser_->need_eof() && parser_->get().keep_alive() &&
                        wire_request_.keep_alive() && parser_->get().result_int() != 101 &&
                        connection_->buffer().size() == 0;
  auto message = parser_->release();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  response.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  response.body = std::move(message.body());
  if (reusable) {
    client_->pool.put(pool_key_, std::move(connection_));
  } else {
    connection_.reset();
  }
  if (request_.follow_redirects && is_followed_redirect(response.status)) {
    if (auto location = response.header("location")) {
      follow(response.status, *location);
      return;
    }
  }
  finish(std::move(response));
}

void HttpExchange::follow(int status, const std::string& location) {
  const std::string from = target_.authority();
  if (redirects_ >= request_.max_redirects) {
    fail(HttpErrorKind::too_many_redirects, "more than " + std::to_string(request_.max_redirects) +
                                                " redirects (the last from " + from + ")");
    return;
  }
  auto next_url = resolve_location(request_.url, location);
  if (!next_url) {
    fail(HttpErrorKind::bad_url, "the redirect from " + from + " has an invalid Location");
    return;
  }
  auto parsed = parse_http_url(*next_url);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    fail(HttpErrorKind::bad_url, "the redirect from " + from + " leads to a bad URL: " + *why);
    return;
  }
  auto next = std::get<HttpTarget>(std::move(parsed));
  redirect_request(request_, status, target_, next, std::move(*next_url));
  ++redirects_;
  retried_ = false;
  if (use_target(std::move(next))) attempt(true);
}

bool HttpExchange::retry_on_fresh_connection() {
  if (!reused_ || retried_) return false;
  retried_ = true;
  attempt(false);
  return true;
}

void HttpExchange::fail(HttpErrorKind kind, std::string message) {
  finish(HttpError{kind, std::move(message)});
}

void HttpExchange::finish(HttpResult result) {
  if (finished_) return;
  finished_ = true;
  connecting_ = false;
  connect_timer_.cancel();
  total_timer_.cancel();
  resolver_.cancel();
  // Closed, not destroyed: a pending operation still uses the stream and buffer until its
  // (aborted) completion runs; the exchange and so the connection live until then.
  if (connection_) connection_->close();
  client_->forget(this);
  Done done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result));
}

}  // namespace intake::adaptors::detail
