#pragma once
// Runs as the CLI shows them: text (tables, the detail of one run) and JSON.

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/config/config.hpp"
#include "intake/jobs/run.hpp"

namespace intake::inspect {

// Every run state, in lifecycle order (queued first).
const std::vector<jobs::RunState>& all_run_states();

// "3 queued, 120 succeeded, 1 dead", lifecycle order; "none" when empty.
std::string state_counts_text(const std::map<std::string, std::int64_t>& counts);

// How many of `runs` are in each state.
std::map<std::string, std::int64_t> count_states(const std::vector<jobs::RunRecord>& runs);

// "no runs", "1 run: succeeded", "2 runs: 1 succeeded, 1 failed".
std::string runs_summary(const std::vector<jobs::RunRecord>& runs);
nlohmann::ordered_json runs_summary_json(const std::vector<jobs::RunRecord>& runs);

// One line a run: id, created, job, trigger, kind, state, attempts, next attempt, last error.
void print_runs_table(std::ostream& out, const std::vector<jobs::RunRecord>& runs,
                      std::string_view indent = "");

// The run's fields (without input, output and attempts) / everything find_run returned.
nlohmann::ordered_json run_summary_json(const jobs::RunRecord& run);
nlohmann::ordered_json run_json(const jobs::RunRecord& run);

// The detail of one run: fields, input, output, attempts with their logs. `config` gives the
// job's attempt limit; `cron` the schedule position of a cron run's trigger.
void print_run(std::ostream& out, const jobs::RunRecord& run, const Config& config,
               const std::vector<jobs::CronState>& cron, std::int64_t now_ms);

}  // namespace intake::inspect
