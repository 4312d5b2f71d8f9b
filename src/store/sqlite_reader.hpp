#pragma once
// Queries for the CLI and the admin API, on one read-only connection of their own. WAL lets them
// run while the writer writes; the mutex only serializes readers with each other. The server's
// store reads through one; `intake messages`/`runs` open one on their own (open_store_reader).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intake/store/store_reader.hpp"
#include "store/sqlite_connection.hpp"

namespace intake::store {

class SqliteReader final : public StoreReader {
 public:
  // `immutable`: see open_reader_connection.
  SqliteReader(std::string path, int busy_timeout_ms, bool immutable = false);

  // Reads throw std::runtime_error when the database cannot be read; after close() they return
  // nothing.
  std::optional<StoredMessage> find_message(std::string_view id) override;
  std::vector<StoredMessage> list_messages(const MessageQuery& query) override;
  std::vector<QuarantinedBody> list_quarantine(std::size_t limit) override;
  std::int64_t count_messages();

  std::optional<jobs::RunRecord> find_run(std::string_view id) override;
  std::vector<jobs::RunRecord> list_runs(const jobs::RunQuery& query) override;
  std::map<std::string, std::int64_t> count_runs_by_state() override;
  std::vector<jobs::CronState> cron_states() override;
  std::optional<std::int64_t> next_due_at_ms();

  // Throws std::runtime_error unless the database has the schema this build reads.
  void check_schema();

  void close();

 private:
  // Runs `read` on the shared read connection (under the readers' mutex); `empty` after close().
  template <class Result, class Read>
  Result with_connection(Read&& read, Result empty) {
    std::lock_guard lock(mutex_);
    Connection* db = connection();
    if (!db) return empty;
    return read(*db);
  }

  // The open connection, re-opened when the file was replaced; nullptr after close().
  Connection* connection();

  std::mutex mutex_;
  std::string path_;
  int busy_timeout_ms_;
  bool immutable_;
  std::unique_ptr<Connection> db_;
  bool closed_ = false;
};

}  // namespace intake::store
