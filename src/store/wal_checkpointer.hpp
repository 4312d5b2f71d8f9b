#pragma once
// Keeps WAL checkpoints off the commit path. The writer connection runs with
// wal_autocheckpoint = 0 (SQLite would otherwise checkpoint on the writer thread, between two
// commits, every 1,000 pages). Instead:
//   * a WAL hook on the writer connection notes the WAL size after each commit (no I/O);
//   * past `background_pages`, a thread with its own connection runs a PASSIVE checkpoint, which
//     copies pages into the database file while the writer goes on committing;
//   * a PASSIVE checkpoint cannot let the WAL start over while commits keep arriving (the writer
//     restarts the WAL only when every frame has been copied), so past `writer_pages` the writer
//     itself runs one PASSIVE checkpoint between two batches. Most frames are copied already, so
//     it is short, and the next transaction starts the WAL from its beginning: the WAL is bounded;
//   * after a second without commits, the writer runs a TRUNCATE checkpoint: an idle store keeps
//     an empty WAL.
// Durability is unchanged: a commit is durable once its WAL frames are synced (synchronous =
// FULL); checkpoints only move already-durable pages into the database file.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite_connection.hpp"

namespace intake::store {

struct CheckpointLimits {
  int background_pages = 2000;  // ~8 MB of WAL with 4 KiB pages: wake the checkpoint thread
  int writer_pages = 8000;      // ~32 MB: the writer checkpoints itself so the WAL can restart
};

class WalCheckpointer {
 public:
  WalCheckpointer(std::string path, CheckpointLimits limits);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Writer thread. Installs the WAL hook (replacing SQLite's automatic checkpoint).
  void attach(Connection& writer);
  // Writer thread, after a batch was answered: a checkpoint of its own if the WAL is too long.
  void after_batch(Connection& writer);
  // Writer thread, when no batch came for a while: TRUNCATE if anything was committed since.
  // busy_timeout_ms: the writer's own busy timeout, restored afterwards.
  void when_idle(Connection& writer, int busy_timeout_ms);
  // Stops the background thread and closes its connection. Idempotent.
  void stop();

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  void background_checkpoint();

  const std::string path_;
  const CheckpointLimits limits_;
  std::atomic<int> wal_pages_{0};
  std::atomic<bool> wanted_{false};
  bool committed_since_truncate_ = false;  // writer thread only

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::unique_ptr<Connection> db_;  // background thread only
  std::thread thread_;
};

}  // namespace intake::store
