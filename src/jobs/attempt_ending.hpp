#pragma once
// What an attempt's outcome means for its run: succeeded, retried later, or dead — and which
// flow or catch runs it starts. Pure: the runtime writes the result to the store.

#include <cstdint>
#include <functional>

#include <nlohmann/json.hpp>

#include "intake/config/config.hpp"
#include "intake/jobs/handler.hpp"
#include "intake/jobs/run.hpp"

namespace intake::jobs {

// A cron job's output becomes its next run's data; it must stay small.
constexpr std::size_t kMaxCronOutputBytes = 1u << 20;

struct AttemptFacts {
  const ClaimedRun* run = nullptr;
  const nlohmann::json* state = nullptr;  // the state the attempt ran with
  std::int64_t started_at_ms = 0;
  std::int64_t ended_at_ms = 0;
  double jitter_unit = 0.5;
};

// Fills everything but worker and log. `job` may be null (job removed from the config): the run
// is cancelled.
FinishRequest attempt_ending(const Config& config, const JobConfig* job, const AttemptFacts& facts,
                             const HandlerOutcome& outcome);

}  // namespace intake::jobs
