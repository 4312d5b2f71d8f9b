#pragma once
// What every request of one HttpClient shares: the loop, the TLS contexts, the idle pool, and
// the requests in flight (so that destroying the client can cancel them).

#include <boost/asio/io_context.hpp>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "adaptors/connection_pool.hpp"
#include "adaptors/tls_contexts.hpp"
#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors::detail {

class HttpExchange;

struct ClientState {
  ClientState(boost::asio::io_context& io, const HttpClientOptions& options)
      : io(io), pool(options.max_idle_per_host, options.max_idle_total, options.idle_timeout) {}

  // In flight from start to done.
  void track(const std::shared_ptr<HttpExchange>& exchange);
  void forget(const HttpExchange* exchange);
  // Closes the idle connections and cancels every request in flight.
  void shutdown();

  boost::asio::io_context& io;
  TlsContexts tls;
  ConnectionPool pool;

 private:
  std::mutex mutex_;
  std::unordered_map<const HttpExchange*, std::weak_ptr<HttpExchange>> in_flight_;
};

}  // namespace intake::adaptors::detail
