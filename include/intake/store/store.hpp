#pragma once
// The whole store: messages and runs in one database, written by one writer thread.

#include <memory>

#include "intake/store/message_store.hpp"
#include "intake/store/run_store.hpp"

namespace intake {

class Store : public MessageStore, public RunStore {};

// Opens (creating and migrating as needed) a SQLite store. Throws std::runtime_error with a
// clear message when the file cannot be opened or migrated.
std::unique_ptr<Store> open_sqlite_store(const StoreOptions& options);

}  // namespace intake
