#include "store/database_file.hpp"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "store/migrations.hpp"

namespace intake::store {
namespace {

void create_parent_directories(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw std::runtime_error("cannot create directory '" + parent.string() +
                             "' for the database: " + error.message());
  }
}

void set_busy_timeout(Connection& db, int busy_timeout_ms) {
  sqlite3_busy_timeout(db.handle(), busy_timeout_ms);
}

void configure_writer(Connection& db, const StoreOptions& options) {
  set_busy_timeout(db, options.busy_timeout_ms);
  // sqlite3_open_v2 silently falls back to read-only when the file cannot be written.
  if (db.read_only()) throw std::runtime_error("the database file is read-only");
  if (db.query_text("PRAGMA journal_mode = WAL") != "wal") {
    throw std::runtime_error("cannot switch the database to WAL mode");
  }
  db.exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA temp_store = MEMORY");  // savepoint journals never touch the disk
  // 16 MiB of page cache (default 2 MiB): the dedupe index takes random keys, so its leaves are
  // touched at random; keeping them cached saves a read syscall per insert.
  db.exec("PRAGMA cache_size = -16384");
  // A WAL that grew during a burst is cut back to this size when it starts over.
  db.exec("PRAGMA journal_size_limit = 67108864");
  migrate(db);
}

}  // namespace

std::unique_ptr<Connection> open_writer_connection(const StoreOptions& options) {
  try {
    create_parent_directories(options.path);
    auto db =
        std::make_unique<Connection>(options.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    configure_writer(*db, options);
    return db;
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot open the message store '" + options.path +
                             "': " + error.what());
  }
}

std::unique_ptr<Connection> open_reader_connection(const std::string& path, int busy_timeout_ms,
                                                   bool immutable) {
  if (immutable) {
    std::string uri = "file:";
    for (char c : path) {
      if (c == '%' || c == '?' || c == '#') {
        static constexpr char kHex[] = "0123456789abcdef";
        uri += '%';
        uri += kHex[static_cast<unsigned char>(c) >> 4];
        uri += kHex[c & 0xf];
      } else {
        uri += c;
      }
    }
    return std::make_unique<Connection>(uri + "?mode=ro&immutable=1",
                                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  }
  auto db = std::make_unique<Connection>(path, SQLITE_OPEN_READONLY);
  set_busy_timeout(*db, busy_timeout_ms);
  return db;
}

}  // namespace intake::store
