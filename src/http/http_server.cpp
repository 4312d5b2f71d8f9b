#include "intake/http/http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <thread>
#include <vector>

#include "http/listener.hpp"
#include "intake/common/logging.hpp"

namespace intake {

using namespace http_detail;

struct HttpServer::Impl {
  Impl(const ServerConfig& config, InboxService& service)
      : context{config, service},
        ioc(static_cast<int>(thread_count(config))) {}

  static unsigned thread_count(const ServerConfig& config) {
    if (config.threads > 0) return config.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  SessionContext context;
  net::io_context ioc;
  // Keeps the I/O threads running while a request waits for the store and no socket operation
  // is pending (e.g. after the acceptor closed on shutdown): its reply must still be sent.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  bool stopped = false;
};

HttpServer::HttpServer(const ServerConfig& config, InboxService& service)
    : impl_(std::make_unique<Impl>(config, service)) {}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
  const auto& config = impl_->context.config;
  beast::error_code ec;
  auto address = net::ip::make_address(config.listen_host, ec);
  if (ec) {
    throw std::runtime_error("server.listen: '" + config.listen_host +
                             "' is not an IP address (use 0.0.0.0, 127.0.0.1 or ::)");
  }
  impl_->listener = std::make_shared<Listener>(
      impl_->ioc, net::ip::tcp::endpoint(address, config.listen_port), impl_->context);
  impl_->listener->start();
  impl_->work.emplace(impl_->ioc.get_executor());
  const unsigned count = Impl::thread_count(config);
  for (unsigned i = 0; i < count; ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  log_event(spdlog::level::info, "listening",
            {{"address", config.listen_host}, {"port", impl_->listener->port()},
             {"threads", count}, {"max_body", config.max_body},
             {"max_connections", config.max_connections}});
}

std::uint16_t HttpServer::port() const {
  return impl_->listener ? impl_->listener->port() : 0;
}

std::size_t HttpServer::active_connections() const { return impl_->context.active.load(); }

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->context.stopping = true;
  if (impl_->listener) {
    impl_->listener->stop();
    impl_->listener->close_idle_sessions();
    // In-flight requests finish (their replies close the connection); idle ones close now.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (impl_->context.active.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      impl_->listener->close_idle_sessions();
    }
  }
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
  impl_->listener.reset();
}

}  // namespace intake
