#include "store/wal_checkpointer.hpp"

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

WalCheckpointer::WalCheckpointer(CheckpointLimits limits) : limits_(limits) {}

void WalCheckpointer::attach(Connection& writer) {
  writer.exec("PRAGMA wal_autocheckpoint = 0");
  sqlite3_wal_hook(writer.handle(), &WalCheckpointer::on_commit, this);
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto& checkpointer = *static_cast<WalCheckpointer*>(self);
  checkpointer.wal_pages_.store(wal_pages, std::memory_order_relaxed);
  checkpointer.committed_since_truncate_ = true;
  return SQLITE_OK;
}

void WalCheckpointer::after_batch(Connection& writer) {
  if (wal_pages_.load(std::memory_order_relaxed) < limits_.writer_pages) return;
  // SQLITE_BUSY: another process is checkpointing; the next batch tries again. With readers on
  // older snapshots the WAL cannot restart yet; it does once they have moved on.
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

}  // namespace intake::store
