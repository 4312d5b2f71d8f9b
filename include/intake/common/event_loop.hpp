#pragma once
// A pool of threads running one event loop (an Asio io_context underneath). Jobs and their
// HTTP calls run on it; callers see plain C++ so that Asio stays out of widely included headers.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

namespace intake {

class EventLoop;

// A one-shot timer on an EventLoop. Destroying or cancelling it before it fires means the
// callback never runs.
class Timer {
 public:
  virtual ~Timer() = default;
  virtual void cancel() = 0;
};

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();  // stops and joins the threads
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Starts `threads` threads (at least one) that run the loop until stop().
  void start(std::size_t threads);
  // Stops the loop (work not yet started is dropped), then joins the threads. Idempotent.
  void stop();

  void post(std::function<void()> work);
  // Runs `work` after `delay` unless the returned timer is cancelled or destroyed first.
  std::unique_ptr<Timer> after(std::chrono::milliseconds delay, std::function<void()> work);

  struct Impl;
  Impl& impl() { return *impl_; }  // for src/ only (see src/common/event_loop_impl.hpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake
