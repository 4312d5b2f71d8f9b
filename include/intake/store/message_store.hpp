#pragma once
// The store, in domain terms. The SQLite implementation lives in src/store; a PostgreSQL backend
// (several intake nodes sharing one database) can implement the same interface.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intake/message.hpp"

namespace intake {

struct AppendOutcome {
  bool stored = false;     // true: committed and synced (or an existing duplicate was found)
  std::string id;          // the new id, or the original message's id for a duplicate
  bool duplicate = false;  // the (inbox, dedupe_key) pair was already stored
  std::string error;  // when !stored: why (disk full, I/O error, locked...), never with secrets
};

// Called exactly once per append, on the store's writer thread: keep it short (post elsewhere).
using AppendCallback = std::function<void(AppendOutcome)>;

struct MessageQuery {
  std::optional<std::string> inbox;
  std::size_t limit = 50;
};

struct StoreOptions {
  std::string path = "./data/intake.db";
  bool synchronous_full = true;  // PRAGMA synchronous=FULL (fsync on every commit) unless false
  std::size_t max_batch = 1024;  // most messages one transaction carries
  std::size_t quarantine_max_entries = 1000;
  std::size_t quarantine_max_bytes = 64u << 20;
  int busy_timeout_ms = 2000;  // how long a write waits for a lock before the batch fails
};

// Counters since the store was opened (monitoring, and tests that check group commit).
struct StoreStats {
  std::uint64_t commits = 0;          // write transactions committed (one sync each)
  std::uint64_t messages_stored = 0;  // new messages committed
  std::uint64_t duplicates = 0;       // appends answered with an existing message's id
  std::uint64_t failed_batches = 0;   // transactions rolled back (every append in them failed)
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  // Queue a message; concurrent appends share one transaction and one sync (group commit).
  // The callback fires once the batch is durable, or with stored=false if it could not be written.
  virtual void append(IncomingMessage message, AppendCallback done) = 0;

  // Best effort, bounded (oldest dropped first); never blocks the caller on I/O.
  virtual void quarantine(QuarantinedBody body) = 0;

  // True when the last write succeeded and the database can be written (readiness probe). The
  // SQLite store also probes the write lock at most once a second while idle, so the answer
  // changes without traffic.
  virtual bool writable() = 0;

  // Reads use their own connection; safe while the writer writes.
  virtual std::optional<StoredMessage> find_message(std::string_view id) = 0;
  virtual std::vector<StoredMessage> list_messages(const MessageQuery& query) = 0;
  virtual std::vector<QuarantinedBody> list_quarantine(std::size_t limit) = 0;
  virtual std::int64_t count_messages() = 0;

  virtual StoreStats stats() { return {}; }

  // Finishes every queued append, then closes the database cleanly. Idempotent.
  virtual void close() = 0;
};

}  // namespace intake
