#include "http/listener.hpp"

#include <boost/asio/write.hpp>

#include <stdexcept>

#include "intake/common/logging.hpp"

namespace intake::http_detail {
namespace {

constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
constexpr std::chrono::seconds kResourceWarningInterval{10};

bool is_resource_exhaustion(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
         ec == net::error::no_memory || ec == beast::error_code(ENFILE, beast::system_category());
}

}  // namespace

Listener::Listener(net::io_context& acceptor_loop, LoopPicker pick_loop,
                   const net::ip::tcp::endpoint& endpoint, SessionContext& context)
    : pick_loop_(std::move(pick_loop)),
      acceptor_(acceptor_loop),
      retry_timer_(acceptor_loop),
      context_(context) {
  beast::error_code ec;
  auto where = [&] {
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where() + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
}

void Listener::start() { accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
    self->retry_timer_.cancel();
  });
}

void Listener::close_idle_sessions() {
  std::lock_guard lock(sessions_mutex_);
  for (auto& weak : sessions_) {
    if (auto session = weak.lock()) session->close_if_idle();
  }
}

void Listener::accept() {
  // The accepted socket belongs to the picked loop: the session runs there, on one thread.
  acceptor_.async_accept(pick_loop_(),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, net::ip::tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (is_resource_exhaustion(ec)) return accept_later(ec);
  if (ec) {
    log_event(spdlog::level::warn, "accept_failed", {{"error", ec.message()}});
  } else if (context_.active.load() >= context_.config.max_connections) {
    reject_over_limit(std::move(socket));
  } else {
    socket.set_option(net::ip::tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), context_);
    {
      std::lock_guard lock(sessions_mutex_);
      std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
      sessions_.push_back(session);
    }
    session->start();
  }
  accept();
}

// Out of file descriptors (or kernel memory), the pending connection stays queued and accepting
// again at once fails again: a busy loop that wrote a million log lines in two seconds. Wait a
// little instead, and warn at most once every 10 s.
void Listener::accept_later(beast::error_code ec) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_resource_warning_ >= kResourceWarningInterval) {
    log_event(spdlog::level::warn, "accept_failed",
              {{"error", ec.message()},
               {"retry_in_ms", kAcceptRetryDelay.count()},
               {"repeated", suppressed_warnings_},
               {"hint", "raise the open-file limit (ulimit -n) or lower server.max_connections"}});
    last_resource_warning_ = now;
    suppressed_warnings_ = 0;
  } else {
    ++suppressed_warnings_;
  }
  retry_timer_.expires_after(kAcceptRetryDelay);
  retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
    if (wait_ec || !self->acceptor_.is_open()) return;
    self->accept();
  });
}

// Over the connection limit: a short 503 (CommCare retries it), then close.
void Listener::reject_over_limit(net::ip::tcp::socket socket) {
  static const std::string response =
      "HTTP/1.1 503 Service Unavailable\r\nServer: intake\r\nContent-Type: application/json\r\n"
      "Retry-After: 5\r\nConnection: close\r\nContent-Length: 69\r\n\r\n"
      "{\"error\":\"too_many_connections\",\"message\":\"connection limit reached\"}";
  auto shared = std::make_shared<net::ip::tcp::socket>(std::move(socket));
  net::async_write(*shared, net::buffer(response), [shared](beast::error_code, std::size_t) {
    beast::error_code ignored;
    shared->shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    shared->close(ignored);
  });
  log_event(spdlog::level::warn, "connection_rejected",
            {{"reason", "max_connections"}, {"limit", context_.config.max_connections}});
}

}  // namespace intake::http_detail
