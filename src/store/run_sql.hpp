#pragma once
// The runs' SQL, run on the writer thread inside a batch transaction (writes) or on the read
// connection (reads). Private to src/store.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "intake/jobs/run.hpp"
#include "store/sqlite_connection.hpp"

namespace intake::store {

// Writes (inside the caller's transaction).
void claim_runs(Connection& db, const jobs::ClaimRequest& request, jobs::ClaimResult& result);
void finish_attempt(Connection& db, const jobs::FinishRequest& request, jobs::FinishResult& result);
void renew_leases(Connection& db, const std::string& worker, const std::vector<std::string>& ids,
                  std::int64_t until_ms);
void release_runs(Connection& db, const std::string& worker, const std::vector<std::string>& ids,
                  std::int64_t now_ms);
void insert_run(Connection& db, const jobs::NewRun& run, std::int64_t now_ms);
void enqueue_cron_runs(Connection& db, const std::string& trigger, std::int64_t tick_ms,
                       const std::vector<jobs::NewRun>& runs, std::int64_t now_ms);

// Reads.
std::optional<std::int64_t> next_due_at_ms(Connection& db);
std::optional<jobs::RunRecord> find_run(Connection& db, std::string_view id);
std::vector<jobs::RunRecord> list_runs(Connection& db, const jobs::RunQuery& query);
std::vector<jobs::CronState> cron_states(Connection& db);
std::map<std::string, std::int64_t> count_runs_by_state(Connection& db);

}  // namespace intake::store
