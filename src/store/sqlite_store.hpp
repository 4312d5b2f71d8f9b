#pragma once
// The SQLite MessageStore: one writer thread owns the write connection and commits whatever is
// queued as one transaction (group commit); queries use their own read-only connection.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "intake/store/store.hpp"
#include "store/batch_writer.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_reader.hpp"
#include "store/wal_checkpointer.hpp"
#include "store/write_queue.hpp"

namespace intake::store {

class SqliteStore final : public Store {
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

  void claim_runs(jobs::ClaimRequest request, std::function<void(jobs::ClaimResult)> done) override;
  void finish_attempt(jobs::FinishRequest request,
                      std::function<void(jobs::FinishResult)> done) override;
  void renew_leases(std::string worker, std::vector<std::string> run_ids,
                    std::int64_t until_ms) override;
  void release_runs(std::string worker, std::vector<std::string> run_ids,
                    std::function<void()> done) override;
  void enqueue_cron_runs(std::string trigger, std::int64_t tick_ms, std::vector<jobs::NewRun> runs,
                         std::function<void(std::string error)> done) override;

  std::optional<std::int64_t> next_due_at_ms() override;
  std::optional<jobs::RunRecord> find_run(std::string_view id) override;
  std::vector<jobs::RunRecord> list_runs(const jobs::RunQuery& query) override;
  std::vector<jobs::CronState> cron_states() override;
  std::map<std::string, std::int64_t> count_runs_by_state() override;

  // Must not be called from an append callback (it waits for the writer thread).
  void close() override;

 private:
  // Queues run work; when the store is closed `done` gets the reason at once.
  void submit(RunCommand command);
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
  SqliteReader reader_;
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
