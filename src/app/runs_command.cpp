// `intake runs` and `intake run ID`: what the jobs did, attempt by attempt.
#include <iostream>

#include "app/inspect_format.hpp"
#include "app/run_views.hpp"
#include "app/store_command.hpp"
#include "intake/app/commands.hpp"
#include "intake/common/ids.hpp"

namespace intake {
namespace {

std::string filters_text(const RunsOptions& options) {
  std::string text;
  if (options.status) text += " " + *options.status;
  text += " runs";
  if (options.job) text += " of job " + *options.job;
  if (options.message_id) text += " of message " + *options.message_id;
  return text;
}

}  // namespace

int runs_command(const RunsOptions& options) {
  return inspect::with_store(options.config_path, "runs", [&](const Config&, StoreReader& store) {
    const jobs::RunQuery query{
        .state = options.status ? jobs::run_state_from_string(*options.status) : std::nullopt,
        .job = options.job,
        .message_id = options.message_id,
        .limit = options.limit};
    const auto runs = store.list_runs(query);
    const auto counts = store.count_runs_by_state();
    if (options.json) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& run : runs) list.push_back(inspect::run_summary_json(run));
      nlohmann::ordered_json totals = nlohmann::ordered_json::object();
      for (jobs::RunState state : inspect::all_run_states()) {
        const auto found = counts.find(jobs::to_string(state));
        totals[jobs::to_string(state)] = found == counts.end() ? 0 : found->second;
      }
      nlohmann::ordered_json out = {
          {"runs", std::move(list)}, {"limit", options.limit}, {"store_totals", std::move(totals)}};
      std::cout << inspect::pretty(out) << "\n";
      return 0;
    }
    if (runs.empty()) {
      std::cout << "no" << filters_text(options) << "\n";
    } else {
      inspect::print_runs_table(std::cout, runs);
      if (runs.size() == options.limit) {
        std::cout << "(the newest " << options.limit << "; --limit N shows more)\n";
      }
    }
    std::cout << "all runs in the store: " << inspect::state_counts_text(counts) << "\n";
    return 0;
  });
}

int run_command(const RunOptions& options) {
  return inspect::with_store(
      options.config_path, "run", [&](const Config& config, StoreReader& store) {
        const auto run = store.find_run(options.id);
        if (!run) {
          std::cerr << "error: no run with id " << options.id;
          if (store.find_message(options.id)) {
            std::cerr << " (it is a message's id: intake message --config " << options.config_path
                      << " " << options.id << ")";
          }
          std::cerr << "\n";
          return 1;
        }
        if (options.json) {
          std::cout << inspect::pretty(inspect::run_json(*run)) << "\n";
          return 0;
        }
        const auto cron =
            run->kind == jobs::RunKind::cron ? store.cron_states() : std::vector<jobs::CronState>();
        inspect::print_run(std::cout, *run, config, cron, unix_millis_now());
        return 0;
      });
}

}  // namespace intake
