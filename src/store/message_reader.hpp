#pragma once
// Queries for the CLI and the admin API, on one read-only connection of their own. WAL lets them
// run while the writer writes; the mutex only serializes readers with each other.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intake/store/message_store.hpp"
#include "store/sqlite_connection.hpp"

namespace intake::store {

class MessageReader {
 public:
  MessageReader(std::string path, int busy_timeout_ms);

  // Reads throw std::runtime_error when the database cannot be read; after close() they return
  // nothing.
  std::optional<StoredMessage> find_message(std::string_view id);
  std::vector<StoredMessage> list_messages(const MessageQuery& query);
  std::vector<QuarantinedBody> list_quarantine(std::size_t limit);
  std::int64_t count_messages();

  void close();

  // Runs `read` on the shared read connection (under the readers' mutex); `empty` after close().
  template <class Result, class Read>
  Result with_connection(Read&& read, Result empty) {
    std::lock_guard lock(mutex_);
    Connection* db = connection();
    if (!db) return empty;
    return read(*db);
  }

 private:
  // The open connection, re-opened when the file was replaced; nullptr after close().
  Connection* connection();

  std::mutex mutex_;
  std::string path_;
  int busy_timeout_ms_;
  std::unique_ptr<Connection> db_;
  bool closed_ = false;
};

}  // namespace intake::store
