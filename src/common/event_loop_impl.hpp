#pragma once
// The Asio side of EventLoop, for implementation files that need the io_context (HTTP client).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "intake/common/event_loop.hpp"

namespace intake {

struct EventLoop::Impl {
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  std::mutex mutex;
  std::vector<std::thread> threads;
};

inline boost::asio::io_context& io_context_of(EventLoop& loop) { return loop.impl().io; }

}  // namespace intake
