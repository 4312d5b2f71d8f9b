#pragma once
// Versioned schema. The version lives in PRAGMA user_version (in the database header, so it
// changes atomically with the migration's own transaction).

#include <span>

#include "store/sqlite_connection.hpp"

namespace intake::store {

struct Migration {
  int version;  // 1, 2, 3... in order
  const char* description;
  const char* sql;
};

// Every migration this build knows, oldest first. Adding a schema change = one more entry.
std::span<const Migration> schema_migrations();

// Applies the missing migrations, each in its own transaction. Throws std::runtime_error when
// the database was written by a newer intake (a version this build does not know).
void migrate(Connection& db, std::span<const Migration> migrations = schema_migrations());

}  // namespace intake::store
