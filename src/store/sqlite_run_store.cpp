// SqliteStore's RunStore half: run work rides the writer thread's batches (store/run_sql.hpp).
#include <memory>

#include "intake/common/ids.hpp"
#include "store/run_sql.hpp"
#include "store/sqlite_store.hpp"

namespace intake::store {

void SqliteStore::submit(RunCommand command) {
  auto done = command.done;
  if (!queue_.push(std::move(command)) && done) done("store is closed");
}

void SqliteStore::claim_runs(jobs::ClaimRequest request,
                             std::function<void(jobs::ClaimResult)> done) {
  auto result = std::make_shared<jobs::ClaimResult>();
  submit({[request = std::move(request), result](Connection& db) {
            *result = {};
            store::claim_runs(db, request, *result);
          },
          [result, done = std::move(done)](std::string error) {
            if (!error.empty())
              *result = jobs::ClaimResult{.runs = {}, .cancelled = 0, .error = error};
            done(std::move(*result));
          }});
}

void SqliteStore::finish_attempt(jobs::FinishRequest request,
                                 std::function<void(jobs::FinishResult)> done) {
  auto result = std::make_shared<jobs::FinishResult>();
  submit({[request = std::move(request), result](Connection& db) {
            *result = {};
            store::finish_attempt(db, request, *result);
          },
          [result, done = std::move(done)](std::string error) {
            if (!error.empty())
              *result = jobs::FinishResult{.written = false, .lease_lost = false, .error = error};
            done(std::move(*result));
          }});
}

void SqliteStore::renew_leases(std::string worker, std::vector<std::string> run_ids,
                               std::int64_t until_ms) {
  submit({[worker = std::move(worker), ids = std::move(run_ids), until_ms](Connection& db) {
            store::renew_leases(db, worker, ids, until_ms);
          },
          nullptr});
}

void SqliteStore::release_runs(std::string worker, std::vector<std::string> run_ids,
                               std::function<void()> done) {
  submit({[worker = std::move(worker), ids = std::move(run_ids)](Connection& db) {
            store::release_runs(db, worker, ids, unix_millis_now());
          },
          [done = std::move(done)](const std::string&) {
            if (done) done();
          }});
}

void SqliteStore::enqueue_cron_runs(std::string trigger, std::int64_t tick_ms,
                                    std::vector<jobs::NewRun> runs,
                                    std::function<void(std::string error)> done) {
  submit({[trigger = std::move(trigger), tick_ms, runs = std::move(runs)](Connection& db) {
            store::enqueue_cron_runs(db, trigger, tick_ms, runs, unix_millis_now());
          },
          std::move(done)});
}

std::optional<std::int64_t> SqliteStore::next_due_at_ms() { return reader_.next_due_at_ms(); }

std::optional<jobs::RunRecord> SqliteStore::find_run(std::string_view id) {
  return reader_.find_run(id);
}

std::vector<jobs::RunRecord> SqliteStore::list_runs(const jobs::RunQuery& query) {
  return reader_.list_runs(query);
}

std::vector<jobs::CronState> SqliteStore::cron_states() { return reader_.cron_states(); }

std::map<std::string, std::int64_t> SqliteStore::count_runs_by_state() {
  return reader_.count_runs_by_state();
}

}  // namespace intake::store
