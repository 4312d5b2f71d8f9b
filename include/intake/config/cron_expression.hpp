#pragma once
// Cron schedules: five fields (minute hour day-of-month month day-of-week) with lists, ranges,
// steps and names (JAN, MON), or a macro (@yearly, @annually, @monthly, @weekly, @daily,
// @midnight, @hourly). Evaluated in UTC or on the wall clock of an IANA time zone, with cron's
// daylight-saving rules (see next_after).

#include <bitset>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace intake {

class TimeZone;

class CronExpression {
 public:
  // Throws std::invalid_argument with a message naming the bad field.
  static CronExpression parse(std::string_view text);

  // The first instant strictly after `after` whose wall time in `zone` (UTC when null) matches,
  // searching up to ~5 years ahead. Daylight saving time, as Vixie cron / cronie handle it:
  // - A fixed-time schedule (minute and hour fields both without '*', e.g. "30 2 * * *",
  //   @daily): a wall time skipped by a spring-forward gap runs once, at the first instant after
  //   the gap (the transition); a wall time that occurs twice (fall-back) runs at its first.
  // - Any other schedule ("*/15 * * * *", @hourly, "0 */2 * * *") follows the clock as it is:
  //   skipped wall times do not run, repeated ones run again.
  std::optional<std::chrono::sys_seconds> next_after(std::chrono::sys_seconds after,
                                                     const TimeZone* zone = nullptr) const;

  const std::string& text() const { return text_; }
  bool fixed_time() const { return fixed_time_; }

 private:
  // The first matching wall minute in [from, until), wall times written as sys_time.
  std::optional<std::chrono::sys_seconds> first_match(
      std::chrono::sys_time<std::chrono::minutes> from,
      std::chrono::sys_time<std::chrono::minutes> until) const;
  std::optional<std::chrono::sys_seconds> next_in_zone(std::chrono::sys_seconds after,
                                                       const TimeZone& zone) const;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<7> days_of_week_;    // 0..6, Sunday = 0
  bool any_day_of_month_ = true;   // the field was '*'
  bool any_day_of_week_ = true;
  bool fixed_time_ = false;  // neither the minute nor the hour field starts with '*'
};

}  // namespace intake
