#include "store/sqlite_reader.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "store/database_file.hpp"
#include "store/dedupe_column.hpp"
#include "store/json_columns.hpp"
#include "store/migrations.hpp"
#include "store/run_sql.hpp"

namespace intake::store {
namespace {

// A WAL reader waits only while a crashed writer's WAL is recovered.
constexpr int kReaderBusyTimeoutMs = 2000;

constexpr std::string_view kMessageColumns =
    "SELECT id, inbox, method, path_suffix, query, query_params, headers, content_type, body, "
    "json_view, remote_addr, received_at_ms, dedupe_key, matched_triggers FROM messages ";

// Static storage: Connection::cached() keys its statements by this text.
const std::string kFindMessage = std::string(kMessageColumns) + "WHERE id = ?1";
const std::string kListMessages = std::string(kMessageColumns) + "ORDER BY id DESC LIMIT ?1";
const std::string kListInboxMessages =
    std::string(kMessageColumns) + "WHERE inbox = ?2 ORDER BY id DESC LIMIT ?1";

constexpr std::string_view kListQuarantine =
    "SELECT id, inbox, content_type, body, error, remote_addr, received_at_ms FROM quarantine "
    "ORDER BY seq DESC LIMIT ?1";

// A dedupe key is TEXT, a 33-byte BLOB (see store/dedupe_column.hpp) or NULL.
std::string dedupe_key_from_row(const Statement& row, int index) {
  if (row.column_is_null(index)) return {};
  if (row.column_is_blob(index)) return decode_dedupe_blob(row.column_blob(index));
  return row.column_text(index);
}

StoredMessage message_from_row(const Statement& row) {
  std::string body = row.column_blob(8);
  // NULL: the body was JSON and is its own view (stored once).
  std::string json_view = row.column_is_null(9) ? body : row.column_text(9);
  return {.id = row.column_text(0),
          .inbox = row.column_text(1),
          .method = row.column_text(2),
          .path_suffix = row.column_text(3),
          .query = row.column_text(4),
          .query_params_json = row.column_text(5),
          .headers = headers_from_json(row.column_text(6)),
          .content_type = row.column_text(7),
          .body = std::move(body),
          .json_view = std::move(json_view),
          .remote_addr = row.column_text(10),
          .received_at_ms = row.column_int64(11),
          .dedupe_key = dedupe_key_from_row(row, 12),
          .matched_triggers = strings_from_json(row.column_text(13))};
}

QuarantinedBody quarantined_from_row(const Statement& row) {
  return {.id = row.column_text(0),
          .inbox = row.column_text(1),
          .content_type = row.column_text(2),
          .body = row.column_blob(3),
          .error = row.column_text(4),
          .remote_addr = row.column_text(5),
          .received_at_ms = row.column_int64(6)};
}

std::int64_t as_limit(std::size_t limit) { return static_cast<std::int64_t>(limit); }

}  // namespace

SqliteReader::SqliteReader(std::string path, int busy_timeout_ms, bool immutable)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), immutable_(immutable) {}

Connection* SqliteReader::connection() {
  if (closed_) return nullptr;
  if (db_ && db_->file_has_moved()) db_.reset();
  if (!db_) db_ = open_reader_connection(path_, busy_timeout_ms_, immutable_);
  return db_.get();
}

std::optional<StoredMessage> SqliteReader::find_message(std::string_view id) {
  return with_connection(
      [id](Connection& db) -> std::optional<StoredMessage> {
        StatementScope select(db.cached(kFindMessage));
        select->bind(1, id);
        if (!select->step()) return std::nullopt;
        return message_from_row(*select);
      },
      std::optional<StoredMessage>());
}

std::vector<StoredMessage> SqliteReader::list_messages(const MessageQuery& query) {
  return with_connection(
      [&query](Connection& db) {
        std::vector<StoredMessage> messages;
        StatementScope select(db.cached(query.inbox ? kListInboxMessages : kListMessages));
        select->bind(1, as_limit(query.limit));
        if (query.inbox) select->bind(2, *query.inbox);
        while (select->step()) messages.push_back(message_from_row(*select));
        return messages;
      },
      std::vector<StoredMessage>());
}

std::vector<QuarantinedBody> SqliteReader::list_quarantine(std::size_t limit) {
  return with_connection(
      [limit](Connection& db) {
        std::vector<QuarantinedBody> entries;
        StatementScope select(db.cached(kListQuarantine));
        select->bind(1, as_limit(limit));
        while (select->step()) entries.push_back(quarantined_from_row(*select));
        return entries;
      },
      std::vector<QuarantinedBody>());
}

std::int64_t SqliteReader::count_messages() {
  return with_connection(
      [](Connection& db) {
        StatementScope select(db.cached("SELECT count(*) FROM messages"));
        return select->step() ? select->column_int64(0) : std::int64_t{0};
      },
      std::int64_t{0});
}

std::optional<jobs::RunRecord> SqliteReader::find_run(std::string_view id) {
  return with_connection([id](Connection& db) { return store::find_run(db, id); },
                         std::optional<jobs::RunRecord>());
}

std::vector<jobs::RunRecord> SqliteReader::list_runs(const jobs::RunQuery& query) {
  return with_connection([&query](Connection& db) { return store::list_runs(db, query); },
                         std::vector<jobs::RunRecord>());
}

std::map<std::string, std::int64_t> SqliteReader::count_runs_by_state() {
  return with_connection([](Connection& db) { return store::count_runs_by_state(db); },
                         std::map<std::string, std::int64_t>());
}

std::vector<jobs::CronState> SqliteReader::cron_states() {
  return with_connection([](Connection& db) { return store::cron_states(db); },
                         std::vector<jobs::CronState>());
}

std::optional<std::int64_t> SqliteReader::next_due_at_ms() {
  return with_connection([](Connection& db) { return store::next_due_at_ms(db); },
                         std::optional<std::int64_t>());
}

void SqliteReader::check_schema() {
  std::int64_t version = 0;
  try {
    version = with_connection([](Connection& db) { return db.query_int64("PRAGMA user_version"); },
                              std::int64_t{0});
  } catch (const SqliteError& error) {
    std::string hint;
    if (error.primary_code() == SQLITE_READONLY || error.primary_code() == SQLITE_CANTOPEN) {
      hint = " (reading needs " + path_ +
             "-shm, which this user cannot create or open: run as "
             "the user intake runs as)";
    }
    throw std::runtime_error("cannot read '" + path_ + "' as an intake store: " + error.what() +
                             hint);
  }
  const auto known = schema_migrations();
  const int latest = known.empty() ? 0 : known.back().version;
  if (version == 0) {
    throw std::runtime_error("'" + path_ + "' is not an intake store (it has no intake schema)");
  }
  if (version < latest) {
    throw std::runtime_error("the store '" + path_ + "' has schema version " +
                             std::to_string(version) + ", older than this intake reads (" +
                             std::to_string(latest) +
                             "); start `intake serve` with this build once to migrate it");
  }
  if (version > latest) {
    throw std::runtime_error("the store '" + path_ + "' has schema version " +
                             std::to_string(version) + ", newer than this intake reads (" +
                             std::to_string(latest) + "); upgrade intake to read it");
  }
}

void SqliteReader::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  db_.reset();
}

}  // namespace intake::store

namespace intake {
namespace {

// A WAL database is read through its -shm file, which the first connection creates. A user who
// cannot write the store's folder (it belongs to the server's user) cannot create it while no
// server runs; then nothing writes the file, and with no WAL content it is read as a snapshot.
bool read_as_snapshot(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(path + "-shm", error)) return false;
  const auto wal_size = fs::file_size(path + "-wal", error);
  if (!error && wal_size > 0) return false;
  const fs::path folder = fs::path(path).parent_path();
  return ::access(folder.empty() ? "." : folder.c_str(), W_OK) != 0;
}

}  // namespace

std::unique_ptr<StoreReader> open_store_reader(const std::string& path) {
  // SQLITE_OPEN_READONLY never creates a file; saying so here gives a clearer error than SQLite's.
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw StoreNotFound("no store at " + path);
  auto reader = std::make_unique<store::SqliteReader>(path, store::kReaderBusyTimeoutMs,
                                                      read_as_snapshot(path));
  reader->check_schema();
  return reader;
}

}  // namespace intake
