#include "store/wal_checkpointer.hpp"

#include "intake/common/logging.hpp"

#include <spdlog/spdlog.h>

namespace intake::store {
namespace {

// How long a TRUNCATE (when idle) waits for a reader or another process before giving up; it is
// tried again after the next idle second.
constexpr int kTruncateBusyMs = 100;

int checkpoint(sqlite3* db, int mode) {
  int wal_frames = 0;
  int copied = 0;
  return sqlite3_wal_checkpoint_v2(db, "main", mode, &wal_frames, &copied);
}

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, CheckpointLimits limits)
    : path_(std::move(path)), limits_(limits) {
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::attach(Connection& writer) {
  writer.exec("PRAGMA wal_autocheckpoint = 0");
  sqlite3_wal_hook(writer.handle(), &WalCheckpointer::on_commit, this);
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto& checkpointer = *static_cast<WalCheckpointer*>(self);
  checkpointer.wal_pages_.store(wal_pages, std::memory_order_relaxed);
  checkpointer.committed_since_truncate_ = true;
  if (wal_pages >= checkpointer.limits_.background_pages &&
      !checkpointer.wanted_.exchange(true, std::memory_order_relaxed)) {
    { std::lock_guard lock(checkpointer.mutex_); }  // the thread is waiting or will see wanted_
    checkpointer.wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::after_batch(Connection& writer) {
  if (wal_pages_.load(std::memory_order_relaxed) < limits_.writer_pages) return;
  // SQLITE_BUSY: the background checkpoint is running; the next batch tries again.
  if (checkpoint(writer.handle(), SQLITE_CHECKPOINT_PASSIVE) == SQLITE_OK) wal_pages_.store(0);
}

void WalCheckpointer::when_idle(Connection& writer, int busy_timeout_ms) {
  if (!committed_since_truncate_) return;
  sqlite3_busy_timeout(writer.handle(), kTruncateBusyMs);
  const int rc = checkpoint(writer.handle(), SQLITE_CHECKPOINT_TRUNCATE);
  sqlite3_busy_timeout(writer.handle(), busy_timeout_ms);
  if (rc == SQLITE_OK) {
    committed_since_truncate_ = false;
    wal_pages_.store(0);
  }
}

void WalCheckpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || wanted_.load(std::memory_order_relaxed); });
    if (stopping_) break;
    wanted_.store(false, std::memory_order_relaxed);
    lock.unlock();
    background_checkpoint();
    lock.lock();
  }
  db_.reset();
}

void WalCheckpointer::background_checkpoint() {
  try {
    if (db_ && db_->file_has_moved()) db_.reset();
    if (!db_) db_ = std::make_unique<Connection>(path_, SQLITE_OPEN_READWRITE);
    // PASSIVE never waits for a lock: SQLITE_BUSY only means another checkpoint is running.
    const int rc = checkpoint(db_->handle(), SQLITE_CHECKPOINT_PASSIVE);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && (rc & 0xff) != SQLITE_BUSY) {
      log_event(spdlog::level::debug, "store_checkpoint_failed", {{"path", path_}, {"error", sqlite3_errmsg(db_->handle())}});
      db_.reset();
    }
  } catch (const std::exception& error) {
    log_event(spdlog::level::debug, "store_checkpoint_failed", {{"path", path_}, {"error", error.what()}});
    db_.reset();
  }
}

}  // namespace intake::store
