#pragma once
// Cron schedules: five fields (minute hour day-of-month month day-of-week) with lists, ranges,
// steps and names (JAN, MON), or a macro (@yearly, @annually, @monthly, @weekly, @daily,
// @midnight, @hourly). Evaluated in UTC or in an IANA time zone's fixed wall clock.

#include <bitset>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace intake {

class CronExpression {
 public:
  // Throws std::invalid_argument with a message naming the bad field.
  static CronExpression parse(std::string_view text);

  // The first time strictly after `after` (UTC) that matches, searching up to ~5 years ahead.
  std::optional<std::chrono::sys_seconds> next_after(std::chrono::sys_seconds after) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<7> days_of_week_;    // 0..6, Sunday = 0
  bool any_day_of_month_ = true;   // the field was '*'
  bool any_day_of_week_ = true;
};

}  // namespace intake
