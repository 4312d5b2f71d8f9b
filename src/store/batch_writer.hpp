#pragma once
// Writes one batch of queued commands in one transaction: each new message with its queued runs,
// duplicates resolved to the original id, quarantined bodies kept within their bound.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "store/sqlite_connection.hpp"
#include "store/write_queue.hpp"

namespace intake::store {

struct QuarantineLimits {
  std::size_t max_entries = 1000;
  std::size_t max_bytes = 64u << 20;
};

struct BatchCounts {
  std::uint64_t stored = 0;
  std::uint64_t duplicates = 0;
};

// BEGIN IMMEDIATE ... COMMIT around the whole batch. outcomes[i] answers batch[i] (quarantine
// entries get no outcome). A message that breaks a constraint fails alone (its savepoint is rolled
// back); anything else rolls the transaction back and throws SqliteError: nothing was written.
BatchCounts write_batch(Connection& db, std::span<WriteCommand> batch,
                        const QuarantineLimits& limits, std::vector<AppendOutcome>& outcomes);

}  // namespace intake::store
