// Cron schedules on a time zone's wall clock, with Vixie cron's daylight-saving rules: fixed-time
// schedules run once for a wall time skipped by spring-forward (at the transition) and once for a
// wall time repeated by fall-back (the first time); other schedules follow the clock as it is.

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "intake/common/time_zone.hpp"
#include "intake/config/cron_expression.hpp"

namespace intake {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return sys_days(year(y) / mo / d) + hours(h) + minutes(mi);
}

// The next `count` ticks after `after`.
std::vector<sys_seconds> ticks(const std::string& text, const TimeZone& zone, sys_seconds after,
                               int count) {
  const auto cron = CronExpression::parse(text);
  std::vector<sys_seconds> out;
  for (auto next = cron.next_after(after, &zone); next && count-- > 0;
       next = cron.next_after(*next, &zone)) {
    out.push_back(*next);
  }
  return out;
}

class CronInNewYork : public ::testing::Test {
 protected:
  std::shared_ptr<const TimeZone> zone = TimeZone::load("America/New_York");
};

TEST_F(CronInNewYork, DailyAtTwoRunsAtTheEndOfTheSpringForwardGap) {
  // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC); 02:00 does not exist that day.
  EXPECT_EQ(ticks("0 2 * * *", *zone, utc(2026, 3, 6, 12, 0), 4),
            (std::vector{utc(2026, 3, 7, 7, 0),  // 02:00 EST
                         utc(2026, 3, 8, 7, 0),  // 03:00 EDT, the first instant after the gap
                         utc(2026, 3, 9, 6, 0),  // 02:00 EDT
                         utc(2026, 3, 10, 6, 0)}));
}

TEST_F(CronInNewYork, DailyAtTwoThirtyRunsOnceThroughBothTransitions) {
  EXPECT_EQ(ticks("30 2 * * *", *zone, utc(2026, 3, 7, 12, 0), 2),
            (std::vector{utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)}));
  // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 02:30 happens once, in EST.
  EXPECT_EQ(ticks("30 2 * * *", *zone, utc(2026, 10, 31, 12, 0), 2),
            (std::vector{utc(2026, 11, 1, 7, 30), utc(2026, 11, 2, 7, 30)}));
  EXPECT_EQ(ticks("0 2 * * *", *zone, utc(2026, 10, 31, 12, 0), 2),
            (std::vector{utc(2026, 11, 1, 7, 0), utc(2026, 11, 2, 7, 0)}));
}

TEST_F(CronInNewYork, RepeatedWallTimeRunsOnceAtItsFirstOccurrence) {
  // 01:30 occurs at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
  EXPECT_EQ(ticks("30 1 * * *", *zone, utc(2026, 10, 31, 12, 0), 2),
            (std::vector{utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)}));
  // Asked from inside the repeated hour, the second 01:30 is not offered either.
  EXPECT_EQ(ticks("30 1 * * *", *zone, utc(2026, 11, 1, 6, 10), 1),
            (std::vector{utc(2026, 11, 2, 6, 30)}));
  EXPECT_EQ(ticks("@daily", *zone, utc(2026, 10, 31, 12, 0), 2),
            (std::vector{utc(2026, 11, 1, 4, 0), utc(2026, 11, 2, 5, 0)}));
}

TEST_F(CronInNewYork, SeveralGapTimesRunOnce) {
  EXPECT_EQ(ticks("0,30 2 * * *", *zone, utc(2026, 3, 8, 6, 0), 3),
            (std::vector{utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 0), utc(2026, 3, 9, 6, 30)}));
  // A gap time and the first time after the gap share the one run.
  EXPECT_EQ(ticks("0 2,3 * * *", *zone, utc(2026, 3, 8, 6, 0), 2),
            (std::vector{utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 0)}));
  // Asked at the transition itself, the gap has had its run.
  EXPECT_EQ(ticks("30 2 * * *", *zone, utc(2026, 3, 8, 7, 0), 1),
            (std::vector{utc(2026, 3, 9, 6, 30)}));
}

TEST_F(CronInNewYork, IntervalSchedulesFollowTheClock) {
  // Skipped wall times do not run...
  EXPECT_EQ(ticks("*/30 * * * *", *zone, utc(2026, 3, 8, 6, 0), 3),
            (std::vector{utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 7, 30)}));
  EXPECT_EQ(ticks("30 * * * *", *zone, utc(2026, 3, 8, 6, 0), 2),
            (std::vector{utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 7, 30)}));
  // ...repeated ones run again: every 30 real minutes through the fall-back hour.
  EXPECT_EQ(ticks("*/30 * * * *", *zone, utc(2026, 11, 1, 5, 0), 4),
            (std::vector{utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 0), utc(2026, 11, 1, 6, 30),
                         utc(2026, 11, 1, 7, 0)}));
  EXPECT_EQ(ticks("@hourly", *zone, utc(2026, 11, 1, 4, 30), 4),
            (std::vector{utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 6, 0), utc(2026, 11, 1, 7, 0),
                         utc(2026, 11, 1, 8, 0)}));
}

TEST_F(CronInNewYork, FarFutureTransitionsComeFromTheFooterRule) {
  // 2040-03-11 and 2040-11-04.
  EXPECT_EQ(ticks("30 2 * * *", *zone, utc(2040, 3, 10, 12, 0), 2),
            (std::vector{utc(2040, 3, 11, 7, 0), utc(2040, 3, 12, 6, 30)}));
  EXPECT_EQ(ticks("30 1 * * *", *zone, utc(2040, 11, 3, 12, 0), 2),
            (std::vector{utc(2040, 11, 4, 5, 30), utc(2040, 11, 5, 6, 30)}));
}

TEST_F(CronInNewYork, ImpossibleDateStillEnds) {
  EXPECT_FALSE(CronExpression::parse("0 0 30 2 *").next_after(utc(2026, 1, 1, 0, 0), zone.get()));
}

TEST(CronInZone, WeekdaysAtEightInPortAuPrince) {
  auto zone = TimeZone::load("America/Port-au-Prince");
  // Fri 2026-03-06 08:00 EST, then (DST from Sunday) Mon 2026-03-09 08:00 EDT.
  EXPECT_EQ(ticks("0 8 * * MON-FRI", *zone, utc(2026, 3, 6, 12, 0), 3),
            (std::vector{utc(2026, 3, 6, 13, 0), utc(2026, 3, 9, 12, 0), utc(2026, 3, 10, 12, 0)}));
}

TEST(CronInZone, LocalDayDecidesTheWeekday) {
  // Monday 02:00 in Nairobi (UTC+3) is Sunday 23:00 UTC.
  auto zone = TimeZone::load("Africa/Nairobi");
  EXPECT_EQ(ticks("0 2 * * MON", *zone, utc(2026, 3, 6, 0, 0), 2),
            (std::vector{utc(2026, 3, 8, 23, 0), utc(2026, 3, 15, 23, 0)}));
  EXPECT_EQ(ticks("@daily", *zone, utc(2026, 3, 6, 0, 0), 1),
            (std::vector{utc(2026, 3, 6, 21, 0)}));
}

TEST(CronInZone, HalfHourOffsets) {
  auto kolkata = TimeZone::load("Asia/Kolkata");
  EXPECT_EQ(ticks("0 2 * * *", *kolkata, utc(2026, 3, 6, 0, 0), 1),
            (std::vector{utc(2026, 3, 6, 20, 30)}));
  EXPECT_EQ(ticks("@hourly", *kolkata, utc(2026, 3, 6, 0, 0), 1),
            (std::vector{utc(2026, 3, 6, 0, 30)}));
}

TEST(CronInZone, LordHoweThirtyMinuteGap) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Australia/Lord_Howe")) GTEST_SKIP();
  auto zone = TimeZone::load("Australia/Lord_Howe");
  // 2026-10-04 02:00 (+10:30) becomes 02:30 (+11) at 15:30 UTC the day before.
  EXPECT_EQ(ticks("15 2 * * *", *zone, utc(2026, 10, 3, 0, 0), 2),
            (std::vector{utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)}));
  EXPECT_EQ(ticks("*/15 * * * *", *zone, utc(2026, 10, 3, 15, 25), 2),
            (std::vector{utc(2026, 10, 3, 15, 30), utc(2026, 10, 3, 15, 45)}));
  // 2026-04-05 02:00 (+11) becomes 01:30 (+10:30): 01:45 comes twice, runs once.
  EXPECT_EQ(ticks("45 1 * * *", *zone, utc(2026, 4, 4, 0, 0), 2),
            (std::vector{utc(2026, 4, 4, 14, 45), utc(2026, 4, 5, 15, 15)}));
}

TEST(CronInZone, UtcZoneIsTheUtcSchedule) {
  const auto cron = CronExpression::parse("*/7 3-5 * * *");
  for (auto after : {utc(2026, 3, 8, 0, 0), utc(2026, 11, 1, 4, 59)}) {
    EXPECT_EQ(cron.next_after(after, TimeZone::utc().get()), cron.next_after(after));
  }
}

// Reference: every UTC minute in a window, mapped to its wall time, with the DST rules applied
// directly. next_after must give the same ticks for each schedule across each transition.
std::vector<sys_seconds> brute_force(const CronExpression& cron, const TimeZone& zone,
                                     sys_seconds from, sys_seconds to) {
  const auto matches = [&](sys_seconds wall) { return cron.next_after(wall - minutes(1)) == wall; };
  std::vector<sys_seconds> out;
  sys_seconds highest_wall = from + zone.offset_at(from);  // the latest wall time seen
  for (auto t = from + minutes(1); t <= to; t += minutes(1)) {
    const sys_seconds wall = t + zone.offset_at(t);
    bool fire = false;
    if (!cron.fixed_time()) {
      fire = matches(wall);
    } else if (wall > highest_wall) {
      // Wall minutes jumped over in (highest, wall) run now, with wall itself.
      for (auto w = highest_wall + minutes(1); w <= wall && !fire; w += minutes(1))
        fire = matches(w);
    }
    highest_wall = std::max(highest_wall, wall);
    if (fire) out.push_back(t);
  }
  return out;
}

TEST(CronInZone, AgreesWithMinuteByMinuteReference) {
  const char* schedules[] = {"0 2 * * *", "30 2 * * *",   "30 1 * * *",  "*/15 * * * *",
                             "0 * * * *", "45 1-3 * * *", "0 */2 * * *", "5,35 0-4 * * SUN",
                             "@daily",    "15 2 * * *",   "50 3 * * *",  "* 2 * * *"};
  struct Window {
    const char* zone;
    sys_seconds from;
  };
  const Window windows[] = {
      {"America/New_York", utc(2026, 3, 7, 0, 0)},
      {"America/New_York", utc(2026, 10, 31, 0, 0)},
      {"America/New_York", utc(2040, 3, 10, 0, 0)},
      {"Europe/London", utc(2026, 10, 24, 0, 0)},
      {"Australia/Lord_Howe", utc(2026, 4, 3, 0, 0)},
      {"Australia/Lord_Howe", utc(2026, 10, 2, 0, 0)},
      {"Pacific/Chatham", utc(2026, 4, 3, 0, 0)},
      {"Pacific/Chatham", utc(2026, 9, 25, 0, 0)},
  };
  for (const Window& window : windows) {
    if (!std::filesystem::exists(std::string("/usr/share/zoneinfo/") + window.zone)) continue;
    auto zone = TimeZone::load(window.zone);
    const sys_seconds to = window.from + days(3);
    for (const char* text : schedules) {
      const auto cron = CronExpression::parse(text);
      std::vector<sys_seconds> found;
      for (auto next = cron.next_after(window.from, zone.get()); next && *next <= to;
           next = cron.next_after(*next, zone.get())) {
        found.push_back(*next);
      }
      EXPECT_EQ(found, brute_force(cron, *zone, window.from, to)) << text << " in " << window.zone;
    }
  }
}

}  // namespace
}  // namespace intake
