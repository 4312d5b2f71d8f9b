#pragma once
// When a failed attempt runs again: exponential backoff with jitter, never sooner than the
// target's Retry-After.

#include <chrono>
#include <optional>

#include "intake/config/config.hpp"

namespace intake::jobs {

// The delay before attempt `failed_attempt + 1`. `jitter_unit` is a random number in [0, 1):
// the delay is drawn from [base/2, base] ("equal jitter"), base = initial × multiplier^(n-1)
// capped at max. A Retry-After longer than that wins (up to one day).
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempt,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      double jitter_unit);

}  // namespace intake::jobs
