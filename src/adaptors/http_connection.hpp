#pragma once
// One outgoing TCP connection, plain or TLS, with the read buffer that belongs to it. Owned by
// one exchange at a time (or idle in the pool), so it needs no locking of its own.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace intake::adaptors::detail {

class HttpConnection {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsStream = boost::asio::ssl::stream<Socket>;

  // `tls` null: plain TCP.
  HttpConnection(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  Socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  TlsStream* tls() { return tls_ ? &*tls_ : nullptr; }
  boost::beast::flat_buffer& buffer() { return buffer_; }

  // Calls f with the stream HTTP is read from and written to (the TLS stream or the socket).
  template <class F>
  void with_stream(F&& f) {
    if (tls_) {
      f(*tls_);
    } else {
      f(*plain_);
    }
  }

  void close();
  // An idle connection can carry another request: open, nothing buffered, and the peer has
  // neither closed it nor sent anything unasked.
  bool idle_and_open();

  std::chrono::steady_clock::time_point idle_since{};

 private:
  std::shared_ptr<boost::asio::ssl::context> tls_context_;  // outlives tls_
  std::optional<Socket> plain_;
  std::optional<TlsStream> tls_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace intake::adaptors::detail
