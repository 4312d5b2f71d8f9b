#pragma once
// Opening the database file: the writer's connection (created, configured, migrated) and the
// read-only connection the queries use.

#include <memory>
#include <string>

#include "intake/store/message_store.hpp"
#include "store/sqlite_connection.hpp"

namespace intake::store {

// Creates the parent directories, opens read-write, sets WAL, synchronous and busy_timeout, and
// migrates the schema. Throws std::runtime_error naming the path and the reason.
std::unique_ptr<Connection> open_writer_connection(const StoreOptions& options);

// A read-only connection to a database the writer has already created. `immutable`: read the
// file as a snapshot without locks or the -shm file, for a database no process has open (see
// open_store_reader).
std::unique_ptr<Connection> open_reader_connection(const std::string& path, int busy_timeout_ms,
                                                   bool immutable = false);

}  // namespace intake::store
