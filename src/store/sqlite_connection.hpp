#pragma once
// RAII wrappers for sqlite3* and sqlite3_stmt*. Private to src/store: SQLite types never reach
// include/. Failures throw SqliteError, which keeps the SQLite result code so that callers can
// tell a lock timeout from a full disk; they are thrown only when a write really failed, so the
// success path pays nothing for them.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace intake::store {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // extended result code
  int primary_code() const { return code_ & 0xff; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Text and blobs are copied only when the statement
  // outlives the caller's buffer, so bind_* uses SQLITE_STATIC and reset() clears bindings.
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);
  Statement& bind_text_or_null(int index, std::string_view text);

  // True while a row is available; false once done. Throws SqliteError on failure.
  bool step();
  void run();  // step() that expects no rows; resets afterwards.
  void reset();

  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  std::int64_t column_int64(int index) const;
  bool column_is_null(int index) const;
  bool column_is_blob(int index) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement (and releases the caller's bound buffers) when the scope ends.
class StatementScope {
 public:
  explicit StatementScope(Statement& statement) : statement_(statement) {}
  ~StatementScope() { statement_.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

class Connection {
 public:
  // flags: SQLITE_OPEN_* (NOMUTEX is added: every connection is used by one thread at a time).
  Connection(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const char* sql);
  std::int64_t query_int64(const char* sql);  // first column of the first row
  std::string query_text(const char* sql);

  // Prepared once per connection and reused. `sql` must have static storage (a literal).
  Statement& cached(std::string_view sql);

  // True when the file was deleted, renamed or replaced since it was opened.
  bool file_has_moved();
  bool read_only();
  std::int64_t changes() const;
  [[noreturn]] void throw_last_error(std::string_view during);

  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string_view, std::unique_ptr<Statement>> statements_;
};

}  // namespace intake::store
