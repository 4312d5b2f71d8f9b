#include "intake/common/event_loop.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/event_loop_impl.hpp"

namespace intake {
namespace {

class AsioTimer final : public Timer {
 public:
  explicit AsioTimer(boost::asio::io_context& io) : timer_(io) {}
  ~AsioTimer() override { cancel(); }

  void arm(std::chrono::milliseconds delay, std::function<void()> work) {
    timer_.expires_after(delay);
    // The flag outlives this object, so a handler that runs after destruction does nothing.
    timer_.async_wait(
        [cancelled = cancelled_, work = std::move(work)](boost::system::error_code ec) {
          if (!ec && !*cancelled) work();
        });
  }

  void cancel() override {
    *cancelled_ = true;
    timer_.cancel();
  }

 private:
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> cancelled_ = std::make_shared<bool>(false);
};

}  // namespace

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}

EventLoop::~EventLoop() { stop(); }

void EventLoop::start(std::size_t threads) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->threads.empty()) return;
  impl_->guard.emplace(impl_->io.get_executor());
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) {
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  }
}

void EventLoop::stop() {
  std::lock_guard lock(impl_->mutex);
  impl_->guard.reset();
  impl_->io.stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
  impl_->io.restart();
}

void EventLoop::post(std::function<void()> work) { boost::asio::post(impl_->io, std::move(work)); }

std::unique_ptr<Timer> EventLoop::after(std::chrono::milliseconds delay,
                                        std::function<void()> work) {
  auto timer = std::make_unique<AsioTimer>(impl_->io);
  timer->arm(delay, std::move(work));
  return timer;
}

}  // namespace intake
