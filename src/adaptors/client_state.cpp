#include "adaptors/client_state.hpp"

#include <vector>

#include "adaptors/http_exchange.hpp"

namespace intake::adaptors::detail {

void ClientState::track(const std::shared_ptr<HttpExchange>& exchange) {
  std::lock_guard lock(mutex_);
  in_flight_.emplace(exchange.get(), exchange);
}

void ClientState::forget(const HttpExchange* exchange) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(exchange);
}

void ClientState::shutdown() {
  pool.close();
  std::vector<std::shared_ptr<HttpExchange>> cancelled;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, weak] : in_flight_) {
      if (auto exchange = weak.lock()) cancelled.push_back(std::move(exchange));
    }
  }
  for (auto& exchange : cancelled) exchange->cancel();
}

}  // namespace intake::adaptors::detail
