#include "intake/http/http_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include <sys/resource.h>

#include <optional>
#include <thread>
#include <vector>

#include "http/listener.hpp"
#include "intake/common/logging.hpp"

namespace intake {

using namespace http_detail;

// One io_context per I/O thread, each run by that thread alone, and every connection kept on
// one of them: a connection's handlers never run concurrently (no strand needed) and the threads
// share no scheduler lock. With a single io_context run by all threads, waking and parking the
// threads took about a quarter of the I/O threads' time (docs/BENCHMARKS.md).
struct HttpServer::Impl {
  Impl(const ServerConfig& config, InboxService& service) : context{config, service} {
    const unsigned count = thread_count(config);
    for (unsigned i = 0; i < count; ++i) {
      loops.push_back(std::make_unique<net::io_context>(1));  // 1: one thread runs it
    }
  }

  static unsigned thread_count(const ServerConfig& config) {
    if (config.threads > 0) return config.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  // Round robin over the loops, for each accepted connection (called on the acceptor's loop).
  net::io_context& next_loop() { return *loops[next++ % loops.size()]; }

  SessionContext context;
  std::vector<std::unique_ptr<net::io_context>> loops;
  std::size_t next = 0;
  // Keep the I/O threads running while a request waits for the store and no socket operation
  // is pending (e.g. after the acceptor closed on shutdown): its reply must still be sent.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  bool stopped = false;
};

namespace {

// Descriptors kept for everything but client connections: the store's files, logs, job
// runtime connections to HQ and other targets.
constexpr rlim_t kReservedDescriptors = 64;

// Connections beyond the open-file limit would fail in accept() instead of getting the 503 that
// HQ retries. Raises the soft limit towards the hard one if needed, and otherwise lowers the
// connection limit to what the descriptors allow, saying so.
std::size_t fit_connections_to_descriptors(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return max_connections;
  const rlim_t wanted = static_cast<rlim_t>(max_connections) + kReservedDescriptors;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return max_connections;
  const std::size_t fitted = static_cast<std::size_t>(limit.rlim_cur > 2 * kReservedDescriptors
                                                          ? limit.rlim_cur - kReservedDescriptors
                                                          : limit.rlim_cur / 2);
  log_event(spdlog::level::warn, "max_connections_lowered",
            {{"configured", max_connections},
             {"used", fitted},
             {"open_file_limit", static_cast<std::uint64_t>(limit.rlim_cur)},
             {"hint", "raise the open-file limit (ulimit -n, or nofile in Docker/systemd)"}});
  return std::max<std::size_t>(1, fitted);
}

}  // namespace

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
  impl_->context.config.max_connections =
      fit_connections_to_descriptors(impl_->context.config.max_connections);
  impl_->listener = std::make_shared<Listener>(
      *impl_->loops.front(),
      [impl = impl_.get()]() -> net::io_context& { return impl->next_loop(); },
      net::ip::tcp::endpoint(address, config.listen_port), impl_->context);
  impl_->listener->start();
  for (auto& loop : impl_->loops) {
    impl_->work.push_back(net::make_work_guard(*loop));
    impl_->threads.emplace_back([loop = loop.get()] { loop->run(); });
  }
  const auto count = impl_->loops.size();
  log_event(spdlog::level::info, "listening",
            {{"address", config.listen_host},
             {"port", impl_->listener->port()},
             {"threads", count},
             {"max_body", config.max_body},
             {"max_connections", impl_->context.config.max_connections}});
}

std::uint16_t HttpServer::port() const { return impl_->listener ? impl_->listener->port() : 0; }

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
  impl_->work.clear();
  for (auto& loop : impl_->loops) loop->stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
  impl_->listener.reset();
}

}  // namespace intake
