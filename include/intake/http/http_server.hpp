#pragma once
// The HTTP front of intake: an asynchronous Boost.Beast listener and sessions. Beast stays
// inside src/http; this header shows none of it.

#include <chrono>
#include <cstdint>
#include <memory>

#include "intake/config/config.hpp"
#include "intake/ingest/inbox_service.hpp"

namespace intake {

class HttpServer {
 public:
  HttpServer(const ServerConfig& config, InboxService& service);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listen address and starts the I/O threads. Throws std::runtime_error (with the
  // address and the reason) when it cannot listen.
  void start();

  // The bound port (useful when the config asked for port 0).
  std::uint16_t port() const;

  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for up
  // to `grace`, then stops the I/O threads. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  std::size_t active_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake
