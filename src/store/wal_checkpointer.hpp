#pragma once
// Keeps the WAL short and its checkpoints small. The writer connection runs with
// wal_autocheckpoint = 0 and instead:
//   * a WAL hook notes the WAL size after each commit (no I/O);
//   * once the WAL holds `writer_pages` pages, the writer runs a PASSIVE checkpoint between two
//     batches, after the batch was answered. The checkpoint copies those pages into the database
//     file and syncs it; the next transaction then starts the WAL from its beginning, so commits
//     keep overwriting the same few hundred KiB of the WAL file (no file growth to sync);
//   * after a second without commits, the writer runs a TRUNCATE checkpoint: an idle store keeps
//     an empty WAL.
// Why small and on the writer (docs/BENCHMARKS.md, "Checkpoints and p99"): the earlier checkpoint
// thread's connection never read the database, so SQLite did not know it was in WAL mode and its
// checkpoints copied nothing; the WAL grew until the writer checkpointed tens of MiB itself, a
// 20–47 ms stall every ~170 ms at 16,000 acks/s (p99 43 ms). Checkpointing every 512 KiB costs
// ~1 ms each and bounds the stall. A working checkpoint thread that overlaps the copy with the
// next batch (with a catch-up before the WAL restarts) was measured too: +2–10 %, within the
// run-to-run spread, for a second thread and its coordination; not worth it.
// Durability is unchanged: a commit is durable once its WAL frames are synced (synchronous =
// FULL); checkpoints only move already-durable pages into the database file.

#include <atomic>

#include "store/sqlite_connection.hpp"

namespace intake::store {

struct CheckpointLimits {
  int writer_pages = 128;  // 512 KiB of WAL with 4 KiB pages
};

class WalCheckpointer {
 public:
  explicit WalCheckpointer(CheckpointLimits limits = {});

  // Writer thread. Installs the WAL hook (replacing SQLite's automatic checkpoint).
  void attach(Connection& writer);
  // Writer thread, after a batch was answered: a checkpoint if the WAL reached writer_pages.
  void after_batch(Connection& writer);
  // Writer thread, when no batch came for a while: TRUNCATE if anything was committed since.
  // busy_timeout_ms: the writer's own busy timeout, restored afterwards.
  void when_idle(Connection& writer, int busy_timeout_ms);

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);

  const CheckpointLimits limits_;
  std::atomic<int> wal_pages_{0};
  bool committed_since_truncate_ = false;  // writer thread only
};

}  // namespace intake::store
