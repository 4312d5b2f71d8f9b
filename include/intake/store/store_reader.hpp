#pragma once
// Reading a store that another process (a running `intake serve`) may be writing: the CLI's
// messages/runs commands. Never creates, migrates or writes the database.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "intake/jobs/run.hpp"
#include "intake/store/message_store.hpp"

namespace intake {

class StoreReader {
 public:
  virtual ~StoreReader() = default;

  // Each read throws std::runtime_error when the database cannot be read.
  virtual std::optional<StoredMessage> find_message(std::string_view id) = 0;
  virtual std::vector<StoredMessage> list_messages(const MessageQuery& query) = 0;  // newest first
  virtual std::optional<jobs::RunRecord> find_run(std::string_view id) = 0;  // with its attempts
  virtual std::vector<jobs::RunRecord> list_runs(const jobs::RunQuery& query) = 0;  // newest first
  virtual std::map<std::string, std::int64_t> count_runs_by_state() = 0;
  virtual std::vector<jobs::CronState> cron_states() = 0;
  // Bodies refused as malformed (400), newest first; the quarantine is bounded.
  virtual std::vector<QuarantinedBody> list_quarantine(std::size_t limit) = 0;
};

// open_store_reader found no file at the path.
class StoreNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opens an existing SQLite store read-only (WAL: safe while a server writes it). Throws
// StoreNotFound when there is no file there, std::runtime_error naming the path when it is not an
// intake store or has a schema this build does not read (older: start `intake serve` once to
// migrate it; newer: upgrade intake).
std::unique_ptr<StoreReader> open_store_reader(const std::string& path);

}  // namespace intake
