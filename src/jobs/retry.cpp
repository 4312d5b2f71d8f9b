#include "intake/jobs/retry.hpp"

#include <algorithm>
#include <cmath>

namespace intake::jobs {
namespace {
constexpr std::chrono::milliseconds kLongestRetryAfter = std::chrono::hours(24);
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempt,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      double jitter_unit) {
  const double initial = static_cast<double>(policy.initial.count());
  const double cap = static_cast<double>(policy.max.count());
  const double exponent = std::max(0, failed_attempt - 1);
  const double base = std::min(cap, initial * std::pow(policy.multiplier, exponent));
  const double unit = std::clamp(jitter_unit, 0.0, 1.0);
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(base / 2 + unit * base / 2));
  if (retry_after) delay = std::max(delay, std::min(*retry_after, kLongestRetryAfter));
  return delay;
}

}  // namespace intake::jobs
