#include "store/run_sql.hpp"

#include <algorithm>

namespace intake::store {
namespace {

using jobs::ClaimedRun;
using jobs::RunKind;
using jobs::RunState;

constexpr std::string_view kDueCandidates = R"sql(
SELECT seq, id, job, trigger, kind, message_id, parent_run_id, input, order_key, state, attempts,
       lease_owner, attempt_started_at_ms, created_at_ms
FROM runs WHERE state IN ('queued', 'failed', 'running') AND due_at_ms <= ?1
ORDER BY due_at_ms, seq LIMIT ?2)sql";

constexpr std::string_view kEarlierWithKey = R"sql(
SELECT 1 FROM runs WHERE order_key = ?1 AND seq < ?2 AND state IN ('queued', 'failed', 'running')
LIMIT 1)sql";

constexpr std::string_view kTakeLease = R"sql(
UPDATE runs SET state = 'running', lease_owner = ?2, due_at_ms = ?3, attempts = ?4,
                attempt_started_at_ms = ?5, updated_at_ms = ?5
WHERE seq = ?1)sql";

constexpr std::string_view kCancel = R"sql(
UPDATE runs SET state = 'cancelled', lease_owner = NULL, last_error = ?2, updated_at_ms = ?3,
                finished_at_ms = ?3
WHERE seq = ?1)sql";

constexpr std::string_view kInsertAttempt = R"sql(
INSERT INTO attempts (run_id, number, started_at_ms, ended_at_ms, outcome, error, log)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql";

constexpr std::string_view kMessageForRun = R"sql(
SELECT body, json_view, headers, query_params, path_suffix FROM messages WHERE id = ?1)sql";

constexpr std::string_view kCronOutput =
    "SELECT output FROM cron_state WHERE trigger = ?1 AND job = ?2";

constexpr std::string_view kRunAttempts =
    "SELECT attempts, attempt_started_at_ms FROM runs WHERE id = ?1";

constexpr std::string_view kFinish = R"sql(
UPDATE runs SET state = ?3, due_at_ms = ?4, lease_owner = NULL, output = ?5, last_error = ?6,
                updated_at_ms = ?7, finished_at_ms = ?8
WHERE id = ?1 AND lease_owner = ?2 AND state = 'running')sql";

constexpr std::string_view kKeepCronOutput = R"sql(
INSERT INTO cron_state (trigger, job, last_tick_ms, output) VALUES (?1, ?2, 0, ?3)
ON CONFLICT (trigger, job) DO UPDATE SET output = excluded.output)sql";

constexpr std::string_view kRenew = R"sql(
UPDATE runs SET due_at_ms = ?3 WHERE id = ?1 AND lease_owner = ?2 AND state = 'running')sql";

// An interrupted attempt gives its attempt back: the run is due again at once.
constexpr std::string_view kRelease = R"sql(
UPDATE runs SET state = CASE WHEN attempts <= 1 THEN 'queued' ELSE 'failed' END,
                attempts = max(attempts - 1, 0), lease_owner = NULL, due_at_ms = ?3,
                updated_at_ms = ?3
WHERE id = ?1 AND lease_owner = ?2 AND state = 'running'
RETURNING attempts + 1, attempt_started_at_ms)sql";

constexpr std::string_view kInsertRun = R"sql(
INSERT INTO runs (id, message_id, job, trigger, kind, parent_run_id, input, order_key, state,
                  due_at_ms, created_at_ms, updated_at_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?10, ?10))sql";

constexpr std::string_view kMoveCronTick = R"sql(
INSERT INTO cron_state (trigger, job, last_tick_ms, output) VALUES (?1, ?2, ?3, NULL)
ON CONFLICT (trigger, job) DO UPDATE SET last_tick_ms = excluded.last_tick_ms)sql";

struct Candidate {
  std::int64_t seq = 0;
  ClaimedRun run;
  std::string order_key;
  std::string state;
  int attempts = 0;
  std::string lease_owner;
  std::int64_t attempt_started_at_ms = 0;
};

std::string text_or_empty(const Statement& row, int index) {
  return row.column_is_null(index) ? std::string() : row.column_text(index);
}

std::vector<Candidate> due_candidates(Connection& db, std::int64_t now_ms, std::size_t scan) {
  std::vector<Candidate> candidates;
  StatementScope select(db.cached(kDueCandidates));
  select->bind(1, now_ms).bind(2, static_cast<std::int64_t>(scan));
  while (select->step()) {
    Candidate c;
    c.seq = select->column_int64(0);
    c.run.id = select->column_text(1);
    c.run.job = select->column_text(2);
    c.run.trigger = select->column_text(3);
    c.run.kind = jobs::run_kind_from_string(select->column_text(4));
    c.run.message_id = text_or_empty(*select, 5);
    c.run.parent_run_id = text_or_empty(*select, 6);
    c.run.input = text_or_empty(*select, 7);
    c.order_key = text_or_empty(*select, 8);
    c.state = select->column_text(9);
    c.attempts = static_cast<int>(select->column_int64(10));
    c.lease_owner = text_or_empty(*select, 11);
    c.attempt_started_at_ms = select->column_is_null(12) ? 0 : select->column_int64(12);
    c.run.created_at_ms = select->column_int64(13);
    candidates.push_back(std::move(c));
  }
  return candidates;
}

bool waits_for_earlier_run(Connection& db, const Candidate& c) {
  if (c.order_key.empty()) return false;
  StatementScope earlier(db.cached(kEarlierWithKey));
  earlier->bind(1, c.order_key).bind(2, c.seq);
  return earlier->step();
}

void insert_attempt(Connection& db, const std::string& run_id, int number, std::int64_t started,
                    std::int64_t ended, std::string_view outcome, std::string_view error,
                    std::string_view log) {
  StatementScope insert(db.cached(kInsertAttempt));
  insert->bind(1, run_id).bind(2, static_cast<std::int64_t>(number)).bind(3, started);
  insert->bind(4, ended).bind(5, outcome);
  insert->bind_text_or_null(6, error).bind(7, log.empty() ? std::string_view("[]") : log);
  insert->step();
}

void load_run_inputs(Connection& db, ClaimedRun& run) {
  if (!run.message_id.empty()) {
    StatementScope message(db.cached(kMessageForRun));
    message->bind(1, run.message_id);
    if (message->step()) {
      // A NULL view means the JSON body is its own view.
      run.message_view =
          message->column_is_null(1) ? message->column_blob(0) : message->column_text(1);
      run.message_headers = message->column_text(2);
      run.message_query = message->column_text(3);
      run.message_path = message->column_text(4);
    }
  }
  if (run.kind == RunKind::cron) {
    StatementScope cron(db.cached(kCronOutput));
    cron->bind(1, run.trigger).bind(2, run.job);
    if (cron->step()) run.cron_output = text_or_empty(*cron, 0);
  }
}

}  // namespace

void claim_runs(Connection& db, const jobs::ClaimRequest& request, jobs::ClaimResult& result) {
  if (request.max_runs == 0) return;
  // Read further than asked: some due runs may be held back by a cap or an earlier ordered run.
  const std::size_t scan = request.max_runs * 2 + 64;
  std::map<std::string, int> free_slots;
  for (const auto& [job, limit] : request.jobs) free_slots[job] = limit.free_slots;
  const auto now = request.now_ms;
  for (Candidate& c : due_candidates(db, now, scan)) {
    if (result.runs.size() >= request.max_runs) break;
    const auto job = request.jobs.find(c.run.job);
    const bool lease_expired = c.state == "running";
    if (job == request.jobs.end()) {
      if (lease_expired) {
        insert_attempt(db, c.run.id, c.attempts, c.attempt_started_at_ms, now, "lease_expired",
                       "the worker " + c.lease_owner + " stopped renewing its lease", "");
      }
      const std::string reason = "job '" + c.run.job + "' is not in the config any more";
      StatementScope cancel(db.cached(kCancel));
      cancel->bind(1, c.seq).bind(2, reason).bind(3, now).step();
      ++result.cancelled;
      continue;
    }
    int& slots = free_slots[c.run.job];
    if (slots == 0 || waits_for_earlier_run(db, c)) continue;
    int attempt = c.attempts + 1;
    if (lease_expired) {
      insert_attempt(db, c.run.id, c.attempts, c.attempt_started_at_ms, now, "lease_expired",
                     "the worker " + c.lease_owner + " stopped renewing its lease (it stopped or " +
                         "lost the store); the run was taken over",
                     "");
      // The lost attempt counts: a run that kills its worker every time must end.
      if (c.attempts >= job->second.max_attempts) {
        attempt = c.attempts;
        c.run.exhausted = true;
      }
    }
    c.run.attempt = attempt;
    c.run.lease_expires_at_ms = now + request.lease_ms;
    StatementScope take(db.cached(kTakeLease));
    take->bind(1, c.seq).bind(2, request.worker).bind(3, c.run.lease_expires_at_ms);
    take->bind(4, static_cast<std::int64_t>(attempt)).bind(5, now).step();
    if (slots > 0) --slots;
    load_run_inputs(db, c.run);
    result.runs.push_back(std::move(c.run));
  }
}

void finish_attempt(Connection& db, const jobs::FinishRequest& request,
                    jobs::FinishResult& result) {
  int number = 0;
  {
    StatementScope attempts(db.cached(kRunAttempts));
    attempts->bind(1, request.run_id);
    if (attempts->step()) number = static_cast<int>(attempts->column_int64(0));
  }
  const bool finished = request.next_state != RunState::failed;
  {
    StatementScope finish(db.cached(kFinish));
    finish->bind(1, request.run_id)
        .bind(2, request.worker)
        .bind(3, jobs::to_string(request.next_state));
    finish->bind(4, finished ? std::int64_t{0} : request.due_at_ms);
    finish->bind_text_or_null(5, request.output).bind_text_or_null(6, request.error);
    finish->bind(7, request.ended_at_ms);
    if (finished) {
      finish->bind(8, request.ended_at_ms);
    } else {
      finish->bind_null(8);
    }
    finish->step();
  }
  result.lease_lost = db.changes() == 0;
  if (result.lease_lost) {
    insert_attempt(db, request.run_id, number, request.started_at_ms, request.ended_at_ms,
                   request.outcome,
                   "the lease was lost before this result was written (another worker took the "
                   "run over); result discarded" +
                       (request.error.empty() ? std::string() : ": " + request.error),
                   request.log);
    result.written = true;
    return;
  }
  insert_attempt(db, request.run_id, number, request.started_at_ms, request.ended_at_ms,
                 request.outcome, request.error, request.log);
  for (const jobs::NewRun& run : request.follow_ups) insert_run(db, run, request.ended_at_ms);
  if (request.cron_trigger && request.next_state == RunState::succeeded) {
    StatementScope keep(db.cached(kKeepCronOutput));
    std::string job;
    {
      StatementScope select(db.cached("SELECT job FROM runs WHERE id = ?1"));
      select->bind(1, request.run_id);
      if (select->step()) job = select->column_text(0);
    }
    keep->bind(1, *request.cron_trigger).bind(2, job).bind_text_or_null(3, request.output).step();
  }
  result.written = true;
}

void renew_leases(Connection& db, const std::string& worker, const std::vector<std::string>& ids,
                  std::int64_t until_ms) {
  for (const std::string& id : ids) {
    StatementScope renew(db.cached(kRenew));
    renew->bind(1, id).bind(2, worker).bind(3, until_ms).step();
  }
}

void release_runs(Connection& db, const std::string& worker, const std::vector<std::string>& ids,
                  std::int64_t now_ms) {
  for (const std::string& id : ids) {
    int number = 0;
    std::int64_t started = now_ms;
    {
      StatementScope release(db.cached(kRelease));
      release->bind(1, id).bind(2, worker).bind(3, now_ms);
      if (!release->step()) continue;  // not ours any more
      number = static_cast<int>(release->column_int64(0));
      if (!release->column_is_null(1)) started = release->column_int64(1);
      while (release->step()) {
      }
    }
    insert_attempt(db, id, number, started, now_ms, "interrupted",
                   "intake stopped while the attempt ran; it does not count and will run again",
                   "");
  }
}

void insert_run(Connection& db, const jobs::NewRun& run, std::int64_t now_ms) {
  StatementScope insert(db.cached(kInsertRun));
  insert->bind(1, run.id).bind_text_or_null(2, run.message_id).bind(3, run.job);
  insert->bind(4, run.trigger).bind(5, jobs::to_string(run.kind));
  insert->bind_text_or_null(6, run.parent_run_id).bind_text_or_null(7, run.input);
  insert->bind_text_or_null(8, run.order_key);
  insert->bind(9, run.due_at_ms ? run.due_at_ms : now_ms).bind(10, now_ms);
  insert->step();
}

void enqueue_cron_runs(Connection& db, const std::string& trigger, std::int64_t tick_ms,
                       const std::vector<jobs::NewRun>& runs, std::int64_t now_ms) {
  for (const jobs::NewRun& run : runs) {
    insert_run(db, run, now_ms);
    StatementScope move(db.cached(kMoveCronTick));
    move->bind(1, trigger).bind(2, run.job).bind(3, tick_ms).step();
  }
}

}  // namespace intake::store
