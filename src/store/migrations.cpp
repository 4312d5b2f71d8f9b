#include "store/migrations.hpp"

#include <stdexcept>
#include <string>

namespace intake::store {
namespace {

// The run table starts minimal (queued runs written with their message); the job runtime's
// migrations add leases, attempts and retries on top of it.
constexpr Migration kMigrations[] = {
    {1, "messages, queued runs, quarantine", R"sql(
CREATE TABLE messages (
  seq              INTEGER PRIMARY KEY,  -- the row's key: appends, no separate index
  id               TEXT NOT NULL UNIQUE, -- UUIDv7: sorts by arrival time, so this index appends
  inbox            TEXT NOT NULL,
  method           TEXT NOT NULL,
  path_suffix      TEXT NOT NULL,
  query            TEXT NOT NULL,
  query_params     TEXT NOT NULL,      -- JSON object
  headers          TEXT NOT NULL,      -- JSON array of {"name","value"}
  content_type     TEXT NOT NULL,
  remote_addr      TEXT NOT NULL,
  received_at_ms   INTEGER NOT NULL,
  dedupe_key       BLOB,               -- NULL: no dedupe. See store/dedupe_column.hpp: a
                                       -- "sha256:"/"fields:" hex key is kept as its 33 raw bytes
  matched_triggers TEXT NOT NULL,      -- JSON array of trigger names
  body             BLOB NOT NULL,      -- byte for byte
  json_view        TEXT,               -- NULL: the body is itself the JSON view (a JSON body)
  UNIQUE (inbox, dedupe_key)
);

CREATE TABLE runs (
  id            TEXT PRIMARY KEY,      -- UUIDv7
  message_id    TEXT NOT NULL REFERENCES messages (id),
  job           TEXT NOT NULL,
  trigger       TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'queued',
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX runs_by_message ON runs (message_id);
CREATE INDEX runs_by_state ON runs (state, id);

CREATE TABLE quarantine (
  seq            INTEGER PRIMARY KEY,  -- insertion order: the oldest go first
  id             TEXT NOT NULL,
  inbox          TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  body           BLOB NOT NULL,
  size_bytes     INTEGER NOT NULL,
  error          TEXT NOT NULL,
  remote_addr    TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);
)sql"},
    {2, "runs with leases, attempts, retries, flows and cron state", R"sql(
CREATE TABLE runs_v2 (
  seq            INTEGER PRIMARY KEY,   -- creation order: order_by keys run in this order
  id             TEXT NOT NULL UNIQUE,  -- UUIDv7
  message_id     TEXT REFERENCES messages (id),  -- the message the chain started from; NULL: cron
  job            TEXT NOT NULL,
  trigger        TEXT NOT NULL,
  kind           TEXT NOT NULL,         -- message | flow | catch | cron
  parent_run_id  TEXT,                  -- flow / catch: the run that led here
  input          TEXT,                  -- JSON {"data", "error"?, "references"?}; NULL: from the message
  order_key      TEXT,                  -- runs with the same key run one at a time
  state          TEXT NOT NULL,         -- queued | running | succeeded | failed | dead | cancelled
  attempts       INTEGER NOT NULL DEFAULT 0,  -- attempts started
  due_at_ms      INTEGER NOT NULL,      -- queued/failed: next attempt; running: lease expiry
  lease_owner    TEXT,
  attempt_started_at_ms INTEGER,
  output         TEXT,                  -- JSON, once succeeded
  last_error     TEXT,
  created_at_ms  INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL,
  finished_at_ms INTEGER
);
INSERT INTO runs_v2 (id, message_id, job, trigger, kind, state, due_at_ms, created_at_ms,
                     updated_at_ms)
  SELECT id, message_id, job, trigger, 'message', state, created_at_ms, created_at_ms, created_at_ms
  FROM runs ORDER BY rowid;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_by_message ON runs (message_id);
-- Only unfinished runs are indexed: the scheduler's scan never walks finished ones.
CREATE INDEX runs_due ON runs (due_at_ms, seq) WHERE state IN ('queued', 'failed', 'running');
CREATE INDEX runs_by_order_key ON runs (order_key, seq)
  WHERE order_key IS NOT NULL AND state IN ('queued', 'failed', 'running');
CREATE INDEX runs_by_state ON runs (state, seq);
CREATE INDEX runs_by_job ON runs (job, seq);

CREATE TABLE attempts (
  seq           INTEGER PRIMARY KEY,
  run_id        TEXT NOT NULL REFERENCES runs (id),
  number        INTEGER NOT NULL,
  started_at_ms INTEGER NOT NULL,
  ended_at_ms   INTEGER NOT NULL,
  outcome       TEXT NOT NULL,  -- succeeded | retryable_error | permanent_error | lease_expired | interrupted | ...
  error         TEXT,
  log           TEXT NOT NULL   -- JSON array of {"at_ms", "level", "message"}
);
CREATE INDEX attempts_by_run ON attempts (run_id, seq);

CREATE TABLE cron_state (
  trigger      TEXT NOT NULL,
  job          TEXT NOT NULL,
  last_tick_ms INTEGER NOT NULL,  -- the schedule time last enqueued
  output       TEXT,              -- the last successful output: the next run's data
  PRIMARY KEY (trigger, job)
) WITHOUT ROWID;
)sql"},
};

int latest_version(std::span<const Migration> migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

void refuse_newer_schema(std::int64_t current, int latest) {
  if (current <= latest) return;
  throw std::runtime_error("database schema version " + std::to_string(current) +
                           " is newer than this intake supports (" + std::to_string(latest) +
                           "); upgrade intake to open it");
}

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

void migrate(Connection& db, std::span<const Migration> migrations) {
  const int latest = latest_version(migrations);
  refuse_newer_schema(db.query_int64("PRAGMA user_version"), latest);
  for (const Migration& migration : migrations) {
    if (db.query_int64("PRAGMA user_version") >= migration.version) continue;
    // BEGIN IMMEDIATE takes the write lock before the version is read again, so two processes
    // opening the same new file cannot both apply a migration.
    db.exec("BEGIN IMMEDIATE");
    try {
      const auto current = db.query_int64("PRAGMA user_version");
      refuse_newer_schema(current, latest);
      if (current < migration.version) {
        db.exec(migration.sql);
        const auto set_version = "PRAGMA user_version = " + std::to_string(migration.version);
        db.exec(set_version.c_str());
      }
      db.exec("COMMIT");
    } catch (const SqliteError& error) {
      sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw std::runtime_error("schema migration " + std::to_string(migration.version) + " (" +
                               migration.description + ") failed: " + error.what());
    } catch (...) {
      sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

}  // namespace intake::store
