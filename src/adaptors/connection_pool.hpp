#pragma once
// Idle keep-alive connections, bounded per key and in all. A connection is put back only after
// its response was read to the end; take() skips connections that are too old or that the peer
// has closed.

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "adaptors/http_connection.hpp"

namespace intake::adaptors::detail {

class ConnectionPool {
 public:
  ConnectionPool(std::size_t max_per_key, std::size_t max_total,
                 std::chrono::milliseconds idle_timeout);

  // The most recently used live connection for `key`, or nullptr.
  std::unique_ptr<HttpConnection> take(const std::string& key);
  // Keeps `connection` for reuse (the oldest idle one makes room if needed).
  void put(const std::string& key, std::unique_ptr<HttpConnection> connection);
  // Closes every idle connection; later puts are refused.
  void close();
  std::size_t idle_count();

 private:
  void evict_oldest();  // caller holds mutex_

  const std::size_t max_per_key_;
  const std::size_t max_total_;
  const std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::unique_ptr<HttpConnection>>> idle_;  // oldest first
  std::size_t total_ = 0;
  bool closed_ = false;
};

}  // namespace intake::adaptors::detail
