#include "store/batch_writer.hpp"

#include <optional>

#include "intake/common/ids.hpp"
#include "store/dedupe_column.hpp"
#include "store/json_columns.hpp"

namespace intake::store {
namespace {

constexpr std::string_view kInsertMessage = R"sql(
INSERT INTO messages (id, inbox, method, path_suffix, query, query_params, headers, content_type,
                      body, json_view, remote_addr, received_at_ms, dedupe_key, matched_triggers)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
ON CONFLICT (inbox, dedupe_key) DO NOTHING)sql";

constexpr std::string_view kFindDuplicate =
    "SELECT id FROM messages WHERE inbox = ?1 AND dedupe_key = ?2";

constexpr std::string_view kInsertRun = R"sql(
INSERT INTO runs (id, message_id, job, trigger, kind, order_key, state, due_at_ms, created_at_ms,
                  updated_at_ms)
VALUES (?1, ?2, ?3, ?4, 'message', ?5, 'queued', ?6, ?6, ?6))sql";

constexpr std::string_view kInsertQuarantine = R"sql(
INSERT INTO quarantine (id, inbox, content_type, body, size_bytes, error, remote_addr,
                        received_at_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql";

// Keeps the newest max_entries, then the newest entries whose bodies fit in max_bytes together.
constexpr std::string_view kTrimQuarantineEntries = R"sql(
DELETE FROM quarantine WHERE seq <= (SELECT seq FROM quarantine ORDER BY seq DESC LIMIT 1 OFFSET ?1))sql";

constexpr std::string_view kTrimQuarantineBytes = R"sql(
DELETE FROM quarantine WHERE seq <= (
  SELECT seq FROM (SELECT seq, SUM(size_bytes) OVER (ORDER BY seq DESC) AS newer_bytes
                   FROM quarantine)
  WHERE newer_bytes > ?1 ORDER BY seq DESC LIMIT 1))sql";

// Binds a dedupe key in its stored form (store/dedupe_column.hpp); `column` must outlive the
// statement's use of it.
void bind_dedupe(Statement& statement, int index, const DedupeColumn& column) {
  switch (column.kind) {
    case DedupeColumn::Kind::null:
      statement.bind_null(index);
      break;
    case DedupeColumn::Kind::text:
      statement.bind(index, column.bytes);
      break;
    case DedupeColumn::Kind::blob:
      statement.bind_blob(index, column.bytes);
      break;
  }
}

// Runs `work` under a savepoint, so that a constraint failure undoes that one message (with its
// runs) without failing the rest of the batch. Returns the constraint error, if any.
template <class Work>
std::optional<SqliteError> undo_on_constraint(Connection& db, Work&& work) {
  db.cached("SAVEPOINT item").run();
  try {
    work();
    db.cached("RELEASE item").run();
    return std::nullopt;
  } catch (const SqliteError& error) {
    if (error.primary_code() != SQLITE_CONSTRAINT) throw;
    db.cached("ROLLBACK TO item").run();
    db.cached("RELEASE item").run();
    return error;
  }
}

class BatchInserter {
 public:
  BatchInserter(Connection& db, std::int64_t now_ms) : db_(db), now_ms_(now_ms) {}

  AppendOutcome append(const IncomingMessage& message, BatchCounts& counts) {
    AppendOutcome outcome;
    const auto failed = undo_on_constraint(db_, [&] {
      outcome = insert_message(message);
      if (!outcome.duplicate) insert_runs(message);
    });
    if (failed) {
      return {.stored = false,
              .id = message.id,
              .duplicate = false,
              .error = std::string("message violates a database constraint: ") + failed->what()};
    }
    ++(outcome.duplicate ? counts.duplicates : counts.stored);
    return outcome;
  }

  // Best effort: an entry that breaks a constraint is dropped, the batch goes on.
  void quarantine(const QuarantinedBody& entry, const QuarantineLimits& limits) {
    undo_on_constraint(db_, [&] { insert_quarantine(entry, limits); });
  }

  void trim_quarantine(const QuarantineLimits& limits) {
    StatementScope by_entries(db_.cached(kTrimQuarantineEntries));
    by_entries->bind(1, static_cast<std::int64_t>(limits.max_entries)).step();
    StatementScope by_bytes(db_.cached(kTrimQuarantineBytes));
    by_bytes->bind(1, static_cast<std::int64_t>(limits.max_bytes)).step();
  }

 private:
  void insert_quarantine(const QuarantinedBody& entry, const QuarantineLimits& limits) {
    const std::string_view body =
        std::string_view(entry.body).substr(0, limits.max_bytes);  // one body never evicts all
    std::string error = entry.error;
    if (body.size() < entry.body.size()) {  // say so: the operator sees a cut body otherwise
      error += " [body truncated to the first " + std::to_string(body.size()) + " of " +
               std::to_string(entry.body.size()) + " bytes: storage.quarantine_max_bytes]";
    }
    StatementScope insert(db_.cached(kInsertQuarantine));
    insert->bind(1, entry.id).bind(2, entry.inbox).bind(3, entry.content_type);
    insert->bind_blob(4, body).bind(5, static_cast<std::int64_t>(body.size()));
    insert->bind(6, error).bind(7, entry.remote_addr).bind(8, entry.received_at_ms);
    insert->step();
  }

  AppendOutcome insert_message(const IncomingMessage& m) {
    const std::string headers = headers_to_json(m.headers);
    const std::string triggers = strings_to_json(m.matched_triggers);
    const DedupeColumn dedupe = encode_dedupe_key(m.dedupe_key);
    StatementScope insert(db_.cached(kInsertMessage));
    insert->bind(1, m.id).bind(2, m.inbox).bind(3, m.method).bind(4, m.path_suffix);
    insert->bind(5, m.query).bind(6, m.query_params_json).bind(7, headers);
    insert->bind(8, m.content_type).bind_blob(9, m.body);
    // An empty view means "the body is the view" (a JSON body): NULL, not a second copy.
    insert->bind_text_or_null(10, m.json_view);
    insert->bind(11, m.remote_addr).bind(12, m.received_at_ms);
    bind_dedupe(*insert, 13, dedupe);
    insert->bind(14, triggers);
    insert->step();
    if (db_.changes() > 0) return {.stored = true, .id = m.id, .duplicate = false, .error = {}};
    return {.stored = true, .id = original_id(m.inbox, dedupe), .duplicate = true, .error = {}};
  }

  std::string original_id(const std::string& inbox, const DedupeColumn& dedupe) {
    StatementScope find(db_.cached(kFindDuplicate));
    find->bind(1, inbox);
    bind_dedupe(*find, 2, dedupe);
    return find->step() ? find->column_text(0) : std::string();
  }

  void insert_runs(const IncomingMessage& m) {
    for (const PlannedRun& run : m.runs) {
      const std::string generated = run.id.empty() ? new_uuid_v7() : std::string();
      StatementScope insert(db_.cached(kInsertRun));
      insert->bind(1, run.id.empty() ? generated : run.id).bind(2, m.id).bind(3, run.job);
      insert->bind(4, run.trigger).bind_text_or_null(5, run.order_key).bind(6, now_ms_);
      insert->step();
    }
  }

  Connection& db_;
  std::int64_t now_ms_;
};

void roll_back_if_open(Connection& db) {
  if (!sqlite3_get_autocommit(db.handle())) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace

BatchCounts write_batch(Connection& db, std::span<WriteCommand> batch,
                        const QuarantineLimits& limits, std::vector<AppendOutcome>& outcomes) {
  outcomes.assign(batch.size(), AppendOutcome{});
  BatchCounts counts;
  bool quarantined = false;
  try {
    db.cached("BEGIN IMMEDIATE").run();
    BatchInserter inserter(db, unix_millis_now());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (auto* pending = std::get_if<PendingAppend>(&batch[i])) {
        outcomes[i] = inserter.append(pending->message, counts);
      } else if (auto* command = std::get_if<RunCommand>(&batch[i])) {
        const auto failed = undo_on_constraint(db, [&] { command->apply(db); });
        outcomes[i].stored = !failed;
        if (failed) outcomes[i].error = std::string("database constraint: ") + failed->what();
      } else {
        inserter.quarantine(std::get<QuarantinedBody>(batch[i]), limits);
        quarantined = true;
      }
    }
    if (quarantined) inserter.trim_quarantine(limits);
    db.cached("COMMIT").run();  // returns once the WAL is synced (synchronous=FULL)
  } catch (...) {
    roll_back_if_open(db);
    throw;
  }
  return counts;
}

}  // namespace intake::store
