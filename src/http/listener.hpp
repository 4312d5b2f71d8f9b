#pragma once
// Accepts connections and starts a Session for each, within the connection limit.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "http/session.hpp"

namespace intake::http_detail {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // The loop a new connection is served on; called on the acceptor's loop only.
  using LoopPicker = std::function<net::io_context&()>;

  // Binds and listens on `acceptor_loop`; throws std::runtime_error naming the address on failure.
  Listener(net::io_context& acceptor_loop, LoopPicker pick_loop,
           const net::ip::tcp::endpoint& endpoint, SessionContext& context);
  void start();
  void stop();  // closes the acceptor; existing sessions go on
  std::uint16_t port() const { return port_; }
  // Asks every live session to close if it is idle (used on shutdown).
  void close_idle_sessions();

 private:
  void accept();
  void on_accept(beast::error_code ec, net::ip::tcp::socket socket);
  void accept_later(beast::error_code ec);
  void reject_over_limit(net::ip::tcp::socket socket);

  LoopPicker pick_loop_;
  net::ip::tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;  // accept again after running out of descriptors or memory
  std::chrono::steady_clock::time_point last_resource_warning_{};
  std::size_t suppressed_warnings_ = 0;
  SessionContext& context_;
  std::uint16_t port_ = 0;
  std::mutex sessions_mutex_;
  std::vector<std::weak_ptr<Session>> sessions_;
};

}  // namespace intake::http_detail
