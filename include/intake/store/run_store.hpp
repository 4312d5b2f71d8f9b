#pragma once
// The runs half of the store. Writes go through the same writer thread as message appends, so
// claims, attempt results and new messages share transactions and syncs (group commit).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "intake/jobs/run.hpp"

namespace intake {

class RunStore {
 public:
  virtual ~RunStore() = default;

  // Callbacks run on the writer thread: keep them short.
  virtual void claim_runs(jobs::ClaimRequest request,
                          std::function<void(jobs::ClaimResult)> done) = 0;
  virtual void finish_attempt(jobs::FinishRequest request,
                              std::function<void(jobs::FinishResult)> done) = 0;
  // Extends the leases of runs this worker still holds.
  virtual void renew_leases(std::string worker, std::vector<std::string> run_ids,
                            std::int64_t until_ms) = 0;
  // Gives runs back (shutdown): they become due now; the interrupted attempt is recorded but
  // does not use up an attempt.
  virtual void release_runs(std::string worker, std::vector<std::string> run_ids,
                            std::function<void()> done) = 0;
  // Cron ticks: creates the runs and moves the trigger's schedule position, in one transaction.
  virtual void enqueue_cron_runs(std::string trigger, std::int64_t tick_ms,
                                 std::vector<jobs::NewRun> runs,
                                 std::function<void(std::string error)> done) = 0;

  // Reads (own connection; safe while the writer writes).
  virtual std::optional<std::int64_t> next_due_at_ms() = 0;
  virtual std::optional<jobs::RunRecord> find_run(std::string_view id) = 0;
  virtual std::vector<jobs::RunRecord> list_runs(const jobs::RunQuery& query) = 0;
  virtual std::vector<jobs::CronState> cron_states() = 0;
  virtual std::map<std::string, std::int64_t> count_runs_by_state() = 0;
};

}  // namespace intake
