#include "jobs/attempt_ending.hpp"

#include "intake/common/ids.hpp"
#include "intake/jobs/order_key.hpp"
#include "intake/jobs/retry.hpp"

namespace intake::jobs {
namespace {

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The chain so far, newest last: lets a flow job see which runs led to it.
nlohmann::json references_after(const ClaimedRun& run, const nlohmann::json& state) {
  nlohmann::json references = state.contains("references") && state["references"].is_array()
                                  ? state["references"]
                                  : nlohmann::json::array();
  references.push_back({{"run_id", run.id}, {"job", run.job}, {"trigger", run.trigger}});
  return references;
}

void add_follow_ups(const Config& config, const ClaimedRun& run, bool on_success,
                    const nlohmann::json& input, FinishRequest& finish) {
  for (const TriggerConfig& trigger : config.triggers) {
    if (trigger.type != TriggerType::flow || !trigger.enabled) continue;
    if (trigger.after != run.job || trigger.on_success != on_success) continue;
    for (const std::string& job_name : trigger.jobs) {
      NewRun next;
      next.id = new_uuid_v7();
      next.job = job_name;
      next.trigger = trigger.name;
      next.kind = on_success ? RunKind::flow : RunKind::catch_failure;
      next.message_id = run.message_id;
      next.parent_run_id = run.id;
      next.input = dump(input);
      if (const auto job = config.jobs.find(job_name); job != config.jobs.end()) {
        next.order_key = order_key_for(job->second, input);
      }
      finish.follow_ups.push_back(std::move(next));
    }
  }
}

}  // namespace

FinishRequest attempt_ending(const Config& config, const JobConfig* job, const AttemptFacts& facts,
                             const HandlerOutcome& outcome) {
  const ClaimedRun& run = *facts.run;
  FinishRequest finish;
  finish.run_id = run.id;
  finish.started_at_ms = facts.started_at_ms;
  finish.ended_at_ms = facts.ended_at_ms;
  if (!job) {
    finish.next_state = RunState::cancelled;
    finish.outcome = "cancelled";
    finish.error = "job '" + run.job + "' is not in the config any more";
    return finish;
  }
  const nlohmann::json& state = *facts.state;
  if (outcome.ok() && run.kind == RunKind::cron) {
    // The output is kept as the next run's data: a cursor, not the data pulled.
    const std::size_t size = dump(outcome.output).size();
    if (size > kMaxCronOutputBytes) {
      finish.next_state = RunState::dead;
      finish.outcome = "permanent_error";
      finish.error = "the output of cron job '" + run.job + "' is " + std::to_string(size) +
                     " bytes; at most " + std::to_string(kMaxCronOutputBytes) +
                     " are kept as the next run's data (output a cursor, and deliver the data "
                     "to a flow job or an inbox)";
      return finish;
    }
  }
  if (outcome.ok()) {
    finish.next_state = RunState::succeeded;
    finish.outcome = "succeeded";
    finish.output = dump(outcome.output);
    if (run.kind == RunKind::cron) finish.cron_trigger = run.trigger;
    add_follow_ups(config, run, true,
                   {{"data", outcome.output}, {"references", references_after(run, state)}},
                   finish);
    return finish;
  }
  const HandlerError& error = *outcome.error;
  finish.error = error.message;
  const bool retryable = error.kind == ErrorKind::retryable;
  finish.outcome = retryable ? "retryable_error" : "permanent_error";
  if (retryable && run.attempt < job->retry.max_attempts) {
    finish.next_state = RunState::failed;
    finish.due_at_ms =
        facts.ended_at_ms +
        retry_delay(job->retry, run.attempt, error.retry_after, facts.jitter_unit).count();
    return finish;
  }
  finish.next_state = RunState::dead;
  if (retryable) finish.error += " (gave up after " + std::to_string(run.attempt) + " attempts)";
  nlohmann::json failure = {{"message", finish.error},
                            {"job", run.job},
                            {"run_id", run.id},
                            {"attempts", run.attempt},
                            {"permanent", !retryable}};
  add_follow_ups(config, run, false,
                 {{"data", state.contains("data") ? state["data"] : nlohmann::json()},
                  {"error", std::move(failure)},
                  {"references", references_after(run, state)}},
                 finish);
  return finish;
}

}  // namespace intake::jobs
