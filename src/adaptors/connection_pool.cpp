#include "adaptors/connection_pool.hpp"

namespace intake::adaptors::detail {

ConnectionPool::ConnectionPool(std::size_t max_per_key, std::size_t max_total,
                               std::chrono::milliseconds idle_timeout)
    : max_per_key_(max_per_key), max_total_(max_total), idle_timeout_(idle_timeout) {}

std::unique_ptr<HttpConnection> ConnectionPool::take(const std::string& key) {
  std::unique_ptr<HttpConnection> found;
  std::deque<std::unique_ptr<HttpConnection>> stale;  // closed outside the lock
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& queue = it->second;
    const auto oldest_usable = std::chrono::steady_clock::now() - idle_timeout_;
    while (!queue.empty() && !found) {
      auto connection = std::move(queue.back());
      queue.pop_back();
      --total_;
      if (connection->idle_since >= oldest_usable && connection->idle_and_open()) {
        found = std::move(connection);
      } else {
        stale.push_back(std::move(connection));
      }
    }
    if (queue.empty()) idle_.erase(it);
  }
  return found;
}

void ConnectionPool::put(const std::string& key, std::unique_ptr<HttpConnection> connection) {
  std::unique_ptr<HttpConnection> evicted;
  std::lock_guard lock(mutex_);
  if (closed_ || max_per_key_ == 0 || max_total_ == 0) return;
  connection->idle_since = std::chrono::steady_clock::now();
  auto& queue = idle_[key];
  if (queue.size() >= max_per_key_) {
    evicted = std::move(queue.front());
    queue.pop_front();
    --total_;
  }
  queue.push_back(std::move(connection));
  ++total_;
  while (total_ > max_total_) evict_oldest();
}

void ConnectionPool::evict_oldest() {
  auto oldest = idle_.end();
  for (auto it = idle_.begin(); it != idle_.end(); ++it) {
    if (!it->second.empty() && (oldest == idle_.end() || it->second.front()->idle_since <
                                                             oldest->second.front()->idle_since)) {
      oldest = it;
    }
  }
  if (oldest == idle_.end()) return;
  oldest->second.pop_front();
  --total_;
  if (oldest->second.empty()) idle_.erase(oldest);
}

void ConnectionPool::close() {
  std::map<std::string, std::deque<std::unique_ptr<HttpConnection>>> idle;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    idle.swap(idle_);
    total_ = 0;
  }
}

std::size_t ConnectionPool::idle_count() {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace intake::adaptors::detail
