#include "store/run_sql.hpp"

namespace intake::store {
namespace {

constexpr std::string_view kRunColumns = R"sql(
SELECT id, job, trigger, kind, message_id, parent_run_id, state, attempts, created_at_ms,
       updated_at_ms, due_at_ms, finished_at_ms, input, output, last_error FROM runs )sql";

const std::string kFindRun = std::string(kRunColumns) + "WHERE id = ?1";
// Newest first; every filter is optional (NULL matches all).
const std::string kListRuns = std::string(kRunColumns) +
                              "WHERE (?2 IS NULL OR state = ?2) AND (?3 IS NULL OR job = ?3) "
                              "AND (?4 IS NULL OR message_id = ?4) ORDER BY seq DESC LIMIT ?1";

constexpr std::string_view kAttempts = R"sql(
SELECT number, started_at_ms, ended_at_ms, outcome, error, log FROM attempts WHERE run_id = ?1
ORDER BY seq)sql";

std::string text_or_empty(const Statement& row, int index) {
  return row.column_is_null(index) ? std::string() : row.column_text(index);
}

jobs::RunRecord run_from_row(const Statement& row) {
  jobs::RunRecord run;
  run.id = row.column_text(0);
  run.job = row.column_text(1);
  run.trigger = row.column_text(2);
  run.kind = jobs::run_kind_from_string(row.column_text(3));
  run.message_id = text_or_empty(row, 4);
  run.parent_run_id = text_or_empty(row, 5);
  run.state = jobs::run_state_from_string(row.column_text(6)).value_or(jobs::RunState::queued);
  run.attempts = static_cast<int>(row.column_int64(7));
  run.created_at_ms = row.column_int64(8);
  run.updated_at_ms = row.column_int64(9);
  run.due_at_ms = row.column_int64(10);
  if (!row.column_is_null(11)) run.finished_at_ms = row.column_int64(11);
  run.input = text_or_empty(row, 12);
  run.output = text_or_empty(row, 13);
  run.last_error = text_or_empty(row, 14);
  return run;
}

void bind_optional(Statement& statement, int index, const std::optional<std::string>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind_null(index);
  }
}

}  // namespace

std::optional<std::int64_t> next_due_at_ms(Connection& db) {
  StatementScope select(
      db.cached("SELECT due_at_ms FROM runs WHERE state IN ('queued', 'failed', 'running') "
                "ORDER BY due_at_ms LIMIT 1"));
  if (!select->step()) return std::nullopt;
  return select->column_int64(0);
}

std::optional<jobs::RunRecord> find_run(Connection& db, std::string_view id) {
  std::optional<jobs::RunRecord> run;
  {
    StatementScope select(db.cached(kFindRun));
    select->bind(1, id);
    if (!select->step()) return std::nullopt;
    run = run_from_row(*select);
  }
  StatementScope attempts(db.cached(kAttempts));
  attempts->bind(1, id);
  while (attempts->step()) {
    run->attempt_log.push_back({.number = static_cast<int>(attempts->column_int64(0)),
                                .started_at_ms = attempts->column_int64(1),
                                .ended_at_ms = attempts->column_int64(2),
                                .outcome = attempts->column_text(3),
                                .error = text_or_empty(*attempts, 4),
                                .log = attempts->column_text(5)});
  }
  return run;
}

std::vector<jobs::RunRecord> list_runs(Connection& db, const jobs::RunQuery& query) {
  std::vector<jobs::RunRecord> runs;
  StatementScope select(db.cached(kListRuns));
  select->bind(1, static_cast<std::int64_t>(query.limit));
  // Bound without a copy (SQLITE_STATIC): the state's name is a literal, which outlives the step.
  if (query.state) {
    select->bind(2, std::string_view(jobs::to_string(*query.state)));
  } else {
    select->bind_null(2);
  }
  bind_optional(*select, 3, query.job);
  bind_optional(*select, 4, query.message_id);
  while (select->step()) runs.push_back(run_from_row(*select));
  return runs;
}

std::vector<jobs::CronState> cron_states(Connection& db) {
  std::vector<jobs::CronState> states;
  StatementScope select(db.cached("SELECT trigger, job, last_tick_ms, output FROM cron_state"));
  while (select->step()) {
    states.push_back({.trigger = select->column_text(0),
                      .job = select->column_text(1),
                      .last_tick_ms = select->column_int64(2),
                      .output = text_or_empty(*select, 3)});
  }
  return states;
}

std::map<std::string, std::int64_t> count_runs_by_state(Connection& db) {
  std::map<std::string, std::int64_t> counts;
  StatementScope select(db.cached("SELECT state, count(*) FROM runs GROUP BY state"));
  while (select->step()) counts[select->column_text(0)] = select->column_int64(1);
  return counts;
}

}  // namespace intake::store
