#include "store/message_reader.hpp"

#include "store/database_file.hpp"
#include "store/dedupe_column.hpp"
#include "store/json_columns.hpp"

namespace intake::store {
namespace {

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

MessageReader::MessageReader(std::string path, int busy_timeout_ms)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

Connection* MessageReader::connection() {
  if (closed_) return nullptr;
  if (db_ && db_->file_has_moved()) db_.reset();
  if (!db_) db_ = open_reader_connection(path_, busy_timeout_ms_);
  return db_.get();
}

std::optional<StoredMessage> MessageReader::find_message(std::string_view id) {
  std::lock_guard lock(mutex_);
  Connection* db = connection();
  if (!db) return std::nullopt;
  Statement& statement = db->cached(kFindMessage);
  StatementScope scope(statement);
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return message_from_row(statement);
}

std::vector<StoredMessage> MessageReader::list_messages(const MessageQuery& query) {
  std::lock_guard lock(mutex_);
  std::vector<StoredMessage> messages;
  Connection* db = connection();
  if (!db) return messages;
  Statement& statement = db->cached(query.inbox ? kListInboxMessages : kListMessages);
  StatementScope scope(statement);
  statement.bind(1, as_limit(query.limit));
  if (query.inbox) statement.bind(2, *query.inbox);
  while (statement.step()) messages.push_back(message_from_row(statement));
  return messages;
}

std::vector<QuarantinedBody> MessageReader::list_quarantine(std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<QuarantinedBody> entries;
  Connection* db = connection();
  if (!db) return entries;
  Statement& statement = db->cached(kListQuarantine);
  StatementScope scope(statement);
  statement.bind(1, as_limit(limit));
  while (statement.step()) entries.push_back(quarantined_from_row(statement));
  return entries;
}

std::int64_t MessageReader::count_messages() {
  std::lock_guard lock(mutex_);
  Connection* db = connection();
  if (!db) return 0;
  Statement& statement = db->cached("SELECT count(*) FROM messages");
  StatementScope scope(statement);
  return statement.step() ? statement.column_int64(0) : 0;
}

void MessageReader::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  db_.reset();
}

}  // namespace intake::store
