#pragma once
// The SQLite MessageStore: one writer thread owns the write connection and commits whatever is
// queued as one transaction (group commit); queries use their own read-only connection.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "intake/store/message_store.hpp"
#include "store/batch_writer.hpp"
#include "store/message_reader.hpp"
#include "store/sqlite_connection.hpp"
#include "store/wal_checkpointer.hpp"
#include "store/write_queue.hpp"

namespace intake::store {

class SqliteStore final : public MessageStore {
 public:
  // Opens and migrates synchronously (throws std::runtime_error), then starts the writer.
  explicit SqliteStore(StoreOptions options);
  ~SqliteStore() override;

  void append(IncomingMessage message, AppendCallback done) override;
  void quarantine(QuarantinedBody body) override;
  bool writable() override;

  std::optional<StoredMessage> find_message(std::string_view id) override;
  std::vector<StoredMessage> list_messages(const MessageQuery& query) override;
  std::vector<QuarantinedBody> list_quarantine(std::size_t limit) override;
  std::int64_t count_messages() override;
  StoreStats stats() override;

  // Must not be called from an append callback (it waits for the writer thread).
  void close() override;

 private:
  void run_writer();
  void write(std::vector<WriteCommand>& batch);
  void probe_writable();
  Connection& writer_connection();
  std::unique_ptr<Connection> open_writer();
  void finish_writer();

  const StoreOptions options_;
  const QuarantineLimits quarantine_limits_;
  WalCheckpointer checkpointer_;           // before writer_db_: the hook points at it
  std::unique_ptr<Connection> writer_db_;  // writer thread only (after construction)
  MessageReader reader_;
  WriteQueue queue_;
  std::vector<AppendOutcome> outcomes_;  // writer thread only, reused across batches

  std::atomic<bool> writable_{true};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> messages_stored_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  std::atomic<std::uint64_t> failed_batches_{0};

  std::mutex close_mutex_;
  bool closed_ = false;
  std::thread writer_;
};

}  // namespace intake::store
