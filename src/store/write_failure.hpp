#pragma once
// What a failed write means, in words an operator can act on, and whether the connection that
// failed can be used again.

#include <string>

#include "store/sqlite_connection.hpp"

namespace intake::store {

// "database is locked by another connection (waited 2000 ms): ..."; never includes message data.
std::string describe_write_failure(const SqliteError& error, int busy_timeout_ms);

// True for failures after which the writer should close and re-open its connection (I/O errors,
// a file that was deleted or replaced, ...). Lock timeouts and a full disk leave it usable.
bool needs_reopen(const SqliteError& error);

}  // namespace intake::store
