#pragma once
// The config in force, swapped atomically on reload. Each request takes one snapshot and uses it
// from start to end, so a message is always handled with the config in force when it arrived.

#include <mutex>

#include "intake/config/config.hpp"

namespace intake {

class ConfigHolder {
 public:
  explicit ConfigHolder(ConfigPtr initial) : current_(std::move(initial)) {}

  ConfigPtr snapshot() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  void replace(ConfigPtr next) {
    std::lock_guard lock(mutex_);
    current_.swap(next);  // the old config is released outside the lock when `next` dies
  }

 private:
  mutable std::mutex mutex_;
  ConfigPtr current_;
};

}  // namespace intake
