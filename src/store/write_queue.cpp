#include "store/write_queue.hpp"

#include <algorithm>

namespace intake::store {

bool WriteQueue::push(WriteCommand&& command) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    commands_.push_back(std::move(command));
  }
  ready_.notify_one();
  return true;
}

bool WriteQueue::take(std::vector<WriteCommand>& out, std::size_t max,
                      std::chrono::milliseconds idle) {
  out.clear();
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, idle, [this] { return closed_ || !commands_.empty(); });
  const std::size_t count = std::min(max, commands_.size());
  for (std::size_t i = 0; i < count; ++i) out.push_back(std::move(commands_[i]));
  commands_.erase(commands_.begin(), commands_.begin() + static_cast<std::ptrdiff_t>(count));
  return !(closed_ && out.empty());
}

void WriteQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

}  // namespace intake::store
