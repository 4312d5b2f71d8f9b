#include "adaptors/http_connection.hpp"

#include <poll.h>

namespace intake::adaptors::detail {

HttpConnection::HttpConnection(boost::asio::io_context& io,
                               std::shared_ptr<boost::asio::ssl::context> tls)
    : tls_context_(std::move(tls)) {
  if (tls_context_) {
    tls_.emplace(io, *tls_context_);
  } else {
    plain_.emplace(io);
  }
}

HttpConnection::~HttpConnection() { close(); }

void HttpConnection::close() {
  boost::system::error_code ignored;
  socket().close(ignored);
}

bool HttpConnection::idle_and_open() {
  if (!socket().is_open() || buffer_.size() != 0) return false;
  pollfd fd{socket().native_handle(), POLLIN | POLLRDHUP, 0};
  // Readable while idle means EOF, a reset or stray bytes: none leaves a usable connection.
  return ::poll(&fd, 1, 0) == 0;
}

}  // namespace intake::adaptors::detail
