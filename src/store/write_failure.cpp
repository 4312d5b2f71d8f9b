#include "store/write_failure.hpp"

namespace intake::store {
namespace {

std::string summary(const SqliteError& error, int busy_timeout_ms) {
  switch (error.primary_code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "database is locked by another connection (waited " + std::to_string(busy_timeout_ms) +
             " ms)";
    case SQLITE_FULL:
      return "disk is full";
    case SQLITE_IOERR:
      return "I/O error while writing the database";
    case SQLITE_READONLY:
      return "database is read-only";
    case SQLITE_CANTOPEN:
      return "cannot open the database file";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "database file is corrupt";
    case SQLITE_CONSTRAINT:
      return "message violates a database constraint";
    default:
      return "database write failed";
  }
}

}  // namespace

std::string describe_write_failure(const SqliteError& error, int busy_timeout_ms) {
  return summary(error, busy_timeout_ms) + " (sqlite " + std::to_string(error.code()) + ", " +
         error.what() + ")";
}

bool needs_reopen(const SqliteError& error) {
  switch (error.primary_code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_CONSTRAINT:
      return false;
    default:
      return true;
  }
}

}  // namespace intake::store
