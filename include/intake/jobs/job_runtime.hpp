#pragma once
// The job runtime: claims due runs from the store with a lease, runs their handlers on a worker
// pool (apart from the HTTP threads), records each attempt, schedules retries, starts flow and
// catch runs, enqueues cron ticks, and on shutdown gives unfinished runs back.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "intake/config/config_holder.hpp"
#include "intake/store/run_store.hpp"

namespace intake::jobs {

// Milliseconds since the Unix epoch. Tests substitute a clock they move by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() = 0;
};
Clock& system_clock();

struct RuntimeOptions {
  std::size_t threads = 2;                  // worker threads running handlers
  std::size_t max_in_flight = 256;          // runs held at once (across all jobs)
  std::chrono::milliseconds lease{60'000};  // renewed every third of it while a run is held
  std::chrono::milliseconds poll{1'000};    // longest sleep: other processes may add runs
  std::chrono::milliseconds grace{10'000};  // on stop: how long running attempts may finish
  std::string worker_id;                    // lease owner; default host/pid/random
  Clock* clock = nullptr;                   // default: the system clock
  std::function<double()> jitter;           // [0,1) for retry delays; default random
};

struct RuntimeStats {
  std::uint64_t attempts = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t retried = 0;
  std::uint64_t dead = 0;
  std::uint64_t in_flight = 0;
};

class JobRuntime {
 public:
  JobRuntime(RunStore& store, const ConfigHolder& config, RuntimeOptions options = {});
  ~JobRuntime();  // stop()
  JobRuntime(const JobRuntime&) = delete;
  JobRuntime& operator=(const JobRuntime&) = delete;

  void start();
  // New runs were stored (or the clock moved): look for due work now. Any thread.
  void wake();
  // Stops claiming, lets running attempts finish within the grace period, then releases the
  // rest so that the next start (or another worker) runs them again. Idempotent.
  void stop();

  RuntimeStats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake::jobs
