#pragma once
// Which cron triggers are due. Remembers each trigger's last enqueued tick; a trigger whose
// ticks were missed (intake was down) fires once, not once per missed tick.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "intake/config/config.hpp"
#include "intake/jobs/run.hpp"

namespace intake::jobs {

struct DueTick {
  const TriggerConfig* trigger = nullptr;
  std::int64_t tick_ms = 0;  // the latest schedule time at or before now
};

class CronTicks {
 public:
  // Seeds the last tick of each trigger from the store.
  void load(const std::vector<CronState>& states);

  // Triggers due at `now_ms`. A trigger seen for the first time starts counting from now.
  std::vector<DueTick> due(const Config& config, std::int64_t now_ms);
  void enqueued(const std::string& trigger, std::int64_t tick_ms) { last_tick_[trigger] = tick_ms; }

  // The earliest next tick after the known ones (for the scheduler's sleep).
  std::optional<std::int64_t> next_tick_ms(const Config& config, std::int64_t now_ms) const;

 private:
  std::map<std::string, std::int64_t> last_tick_;
};

}  // namespace intake::jobs
