#pragma once
// Runs in domain terms: what the job runtime asks of the store and what the store answers.
// Plain C++: JSON travels as text so the store's writer thread never parses it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "intake/jobs/handler.hpp"

namespace intake::jobs {

// queued → running → succeeded; or failed (retried at its due time) → … → dead; or cancelled.
enum class RunState { queued, running, succeeded, failed, dead, cancelled };
const char* to_string(RunState state);
std::optional<RunState> run_state_from_string(std::string_view text);

// What started a run.
enum class RunKind { message, flow, catch_failure, cron };
const char* to_string(RunKind kind);
RunKind run_kind_from_string(std::string_view text);

// A run to create (flow and catch follow-ups, cron ticks). Message runs are planned at ingest.
struct NewRun {
  std::string id;  // UUIDv7
  std::string job;
  std::string trigger;
  RunKind kind = RunKind::flow;
  std::string message_id;     // the message the chain started from; empty for cron
  std::string parent_run_id;  // flow / catch: the run that led here
  std::string input;      // JSON object {"data", "error"?, "references"?}; empty: see ClaimedRun
  std::string order_key;  // runs with the same key run one at a time, in creation order
  std::int64_t due_at_ms = 0;
};

// Per job in the config in force: how many more runs the caller can take, and the attempt limit.
struct JobLimit {
  int max_attempts = 6;
  int free_slots = -1;  // -1: no cap of its own
};

struct ClaimRequest {
  std::string worker;  // lease owner
  std::int64_t now_ms = 0;
  std::int64_t lease_ms = 60'000;
  std::size_t max_runs = 64;
  std::map<std::string, JobLimit> jobs;  // runs of jobs not in here are cancelled
};

// A claimed run with everything its state is built from (JSON as text).
struct ClaimedRun {
  std::string id;
  std::string job;
  std::string trigger;
  RunKind kind = RunKind::message;
  std::string message_id;
  std::string parent_run_id;
  int attempt = 1;              // this attempt's number
  std::string input;            // the run's own input object, or empty
  std::string message_view;     // the message's JSON view, when the run has a message
  std::string message_headers;  // JSON array [{"name","value"}]
  std::string message_query;    // JSON object
  std::string message_path;
  std::string cron_output;  // cron runs: the last successful output of this trigger's job
  std::int64_t created_at_ms = 0;
  std::int64_t lease_expires_at_ms = 0;
  // The previous attempt's worker died and that was the last attempt: end the run as dead
  // (with its catch flows) instead of running it again.
  bool exhausted = false;
};

struct ClaimResult {
  std::vector<ClaimedRun> runs;
  std::size_t cancelled = 0;  // runs of jobs no longer in the config
  std::string error;          // the claim could not be written (nothing was claimed)
};

// How an attempt ended and what follows from it, written in one transaction.
struct FinishRequest {
  std::string run_id;
  std::string worker;
  std::int64_t started_at_ms = 0;
  std::int64_t ended_at_ms = 0;
  RunState next_state =
      RunState::succeeded;     // succeeded, failed (retry at due_at_ms), dead, cancelled
  std::int64_t due_at_ms = 0;  // failed: the next attempt
  std::string outcome;         // attempt outcome: succeeded, retryable_error, permanent_error, ...
  std::string output;          // JSON text (succeeded)
  std::string error;           // failed / dead
  std::string log;             // JSON array of {at_ms, level, message}
  std::vector<NewRun> follow_ups;           // flow / catch runs started by this ending
  std::optional<std::string> cron_trigger;  // cron runs that succeeded: keep output as the cursor
};

struct FinishResult {
  bool written = false;
  bool lease_lost = false;  // another worker holds the run now: nothing but the attempt was kept
  std::string error;
};

struct AttemptRecord {
  int number = 0;
  std::int64_t started_at_ms = 0;
  std::int64_t ended_at_ms = 0;
  std::string outcome;
  std::string error;
  std::string log;  // JSON array
};

struct RunRecord {
  std::string id;
  std::string job;
  std::string trigger;
  RunKind kind = RunKind::message;
  std::string message_id;
  std::string parent_run_id;
  RunState state = RunState::queued;
  int attempts = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t due_at_ms = 0;
  std::optional<std::int64_t> finished_at_ms;
  std::string input;
  std::string output;
  std::string last_error;
  std::vector<AttemptRecord> attempt_log;  // filled by find_run
};

struct RunQuery {
  std::optional<RunState> state;
  std::optional<std::string> job;
  std::optional<std::string> message_id;
  std::size_t limit = 50;
};

// Each cron trigger's schedule position and each of its jobs' last successful output.
struct CronState {
  std::string trigger;
  std::string job;
  std::int64_t last_tick_ms = 0;
  std::string output;  // JSON text or empty
};

}  // namespace intake::jobs
