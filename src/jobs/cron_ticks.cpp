#include "jobs/cron_ticks.hpp"

#include <algorithm>
#include <chrono>

namespace intake::jobs {
namespace {

using std::chrono::milliseconds;
using std::chrono::sys_seconds;

sys_seconds to_seconds(std::int64_t ms) {
  return std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<milliseconds>(milliseconds(ms)));
}

std::int64_t to_ms(sys_seconds t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// The zone a trigger's schedule is read in; null for UTC. The config loader resolves it; a
// config built another way falls back to the process-wide zone cache.
const TimeZone* zone_of(const TriggerConfig& trigger) {
  if (trigger.zone) return trigger.zone.get();
  if (trigger.timezone.empty() || trigger.timezone == "UTC") return nullptr;
  return TimeZone::load(trigger.timezone).get();  // cached for the life of the process
}

// The latest schedule time in (after, now], if any.
std::optional<std::int64_t> latest_tick(const CronExpression& cron, const TimeZone* zone,
                                        std::int64_t after_ms, std::int64_t now_ms) {
  std::optional<std::int64_t> latest;
  auto next = cron.next_after(to_seconds(after_ms), zone);
  int steps = 0;
  while (next && to_ms(*next) <= now_ms) {
    latest = to_ms(*next);
    // A dense schedule missed for long (every minute for weeks): skip to the last hour.
    if (++steps == 10'000) {
      const auto near_now = cron.next_after(to_seconds(now_ms - 3'600'000), zone);
      if (near_now && to_ms(*near_now) > *latest) {
        next = near_now;
        continue;
      }
    }
    next = cron.next_after(*next, zone);
  }
  return latest;
}

}  // namespace

void CronTicks::load(const std::vector<CronState>& states) {
  for (const CronState& state : states) {
    auto& last = last_tick_[state.trigger];
    last = std::max(last, state.last_tick_ms);
  }
}

std::vector<DueTick> CronTicks::due(const Config& config, std::int64_t now_ms) {
  std::vector<DueTick> due;
  for (const TriggerConfig& trigger : config.triggers) {
    if (trigger.type != TriggerType::cron || !trigger.enabled || !trigger.cron) continue;
    auto [last, inserted] = last_tick_.try_emplace(trigger.name, now_ms);
    if (inserted) continue;  // a new trigger waits for its first tick
    if (auto tick = latest_tick(*trigger.cron, zone_of(trigger), last->second, now_ms)) {
      due.push_back({&trigger, *tick});
    }
  }
  return due;
}

std::optional<std::int64_t> CronTicks::next_tick_ms(const Config& config,
                                                    std::int64_t now_ms) const {
  std::optional<std::int64_t> earliest;
  for (const TriggerConfig& trigger : config.triggers) {
    if (trigger.type != TriggerType::cron || !trigger.enabled || !trigger.cron) continue;
    const auto last = last_tick_.find(trigger.name);
    const std::int64_t from = last == last_tick_.end() ? now_ms : last->second;
    if (auto next = trigger.cron->next_after(to_seconds(from), zone_of(trigger))) {
      const std::int64_t at = to_ms(*next);
      if (!earliest || at < *earliest) earliest = at;
    }
  }
  return earliest;
}

}  // namespace intake::jobs
