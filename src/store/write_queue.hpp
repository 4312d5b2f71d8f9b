#pragma once
// The writer thread's inbox: appends and quarantined bodies from any thread, taken in batches.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <variant>
#include <vector>

#include "intake/store/message_store.hpp"
#include "store/sqlite_connection.hpp"

namespace intake::store {

struct PendingAppend {
  IncomingMessage message;
  AppendCallback done;
};

// Work on runs (claims, attempt results, cron ticks): `apply` runs inside the batch's
// transaction; `done` gets "" once it is committed, or why it was not.
struct RunCommand {
  std::function<void(Connection&)> apply;
  std::function<void(std::string error)> done;
};

using WriteCommand = std::variant<PendingAppend, QuarantinedBody, RunCommand>;

class WriteQueue {
 public:
  // False (and `command` left untouched) once the queue is closed.
  bool push(WriteCommand&& command);

  // Waits up to `idle` for work, then moves up to `max` commands into `out` (cleared first).
  // Returns false when the queue is closed and everything queued has been taken.
  bool take(std::vector<WriteCommand>& out, std::size_t max, std::chrono::milliseconds idle);

  // Refuses new commands; those already queued are still handed out by take().
  void close();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<WriteCommand> commands_;
  bool closed_ = false;
};

}  // namespace intake::store
