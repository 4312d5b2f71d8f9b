// POSIX TZ strings, the rule a TZif footer holds for every instant after its last transition.

#include <gtest/gtest.h>

#include "intake/common/time_zone.hpp"

namespace intake {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return sys_days(year(y) / mo / d) + hours(h) + minutes(mi) + seconds(s);
}

TEST(PosixTz, FixedOffsetsWithPlainAndAngleBracketNames) {
  auto sao_paulo = TimeZone::from_posix("<-03>3");
  EXPECT_EQ(sao_paulo->offset_at(utc(2026, 1, 1, 0, 0)), -3h);
  EXPECT_EQ(sao_paulo->type_at(utc(2026, 1, 1, 0, 0)).abbreviation, "-03");
  EXPECT_EQ(sao_paulo->name(), "<-03>3");
  EXPECT_EQ(sao_paulo->period_at(utc(2026, 1, 1, 0, 0)).end, sys_seconds::max());
  auto kolkata = TimeZone::from_posix("IST-5:30");
  EXPECT_EQ(kolkata->offset_at(utc(2026, 1, 1, 0, 0)), 5h + 30min);
  auto kathmandu = TimeZone::from_posix("<+0545>-5:45");
  EXPECT_EQ(kathmandu->offset_at(utc(2026, 1, 1, 0, 0)), 5h + 45min);
  EXPECT_EQ(kathmandu->type_at(utc(2026, 1, 1, 0, 0)).abbreviation, "+0545");
  EXPECT_EQ(TimeZone::from_posix("EAT-3")->offset_at(utc(2026, 1, 1, 0, 0)), 3h);
  EXPECT_EQ(TimeZone::from_posix("HST+10")->offset_at(utc(2026, 1, 1, 0, 0)), -10h);
  EXPECT_EQ(TimeZone::from_posix("<+14>-14")->offset_at(utc(2026, 1, 1, 0, 0)), 14h);
  EXPECT_EQ(TimeZone::from_posix("XXX-1:02:03")->offset_at(utc(2026, 1, 1, 0, 0)), 1h + 2min + 3s);
  EXPECT_TRUE(TimeZone::from_posix("UTC0")->is_utc());
  EXPECT_FALSE(TimeZone::from_posix("EAT-3")->is_utc());
}

TEST(PosixTz, UsRuleWithDefaultTimesAndDstOffset) {
  auto zone = TimeZone::from_posix("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 6, 59, 59)), -5h);
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 7, 0)), -4h);  // 02:00 EST
  EXPECT_EQ(zone->offset_at(utc(2026, 11, 1, 5, 59, 59)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2026, 11, 1, 6, 0)), -5h);  // 02:00 EDT
  EXPECT_EQ(zone->type_at(utc(2026, 7, 1, 0, 0)).abbreviation, "EDT");
  EXPECT_TRUE(zone->type_at(utc(2026, 7, 1, 0, 0)).is_dst);
  const ZonePeriod winter = zone->period_at(utc(2027, 1, 1, 0, 0));
  EXPECT_EQ(winter.begin, utc(2026, 11, 1, 6, 0));
  EXPECT_EQ(winter.end, utc(2027, 3, 14, 7, 0));
  EXPECT_EQ(winter.offset, -5h);
  // Without a rule, glibc's default (the same US rule).
  EXPECT_EQ(TimeZone::from_posix("EST5EDT")->offset_at(utc(2026, 3, 8, 7, 0)), -4h);
  // An explicit DST offset.
  EXPECT_EQ(TimeZone::from_posix("AAA3BBB1,M3.2.0,M11.1.0")->offset_at(utc(2026, 7, 1, 0, 0)), -1h);
}

TEST(PosixTz, EuropeanRuleWithExplicitTimeAndLastWeek) {
  auto zone = TimeZone::from_posix("CET-1CEST,M3.5.0,M10.5.0/3");
  // Last Sundays: 2026-03-29 02:00 CET and 2026-10-25 03:00 CEST, both 01:00 UTC.
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 29, 0, 59, 59)), 1h);
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 29, 1, 0)), 2h);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 25, 0, 59, 59)), 2h);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 25, 1, 0)), 1h);
  // In 2024 the last Sunday of March is the 31st (week 5 is not always the fourth).
  EXPECT_EQ(zone->offset_at(utc(2024, 3, 31, 0, 59, 59)), 1h);
  EXPECT_EQ(zone->offset_at(utc(2024, 3, 31, 1, 0)), 2h);
}

TEST(PosixTz, SouthernHemisphereRuleWithMinutes) {
  auto chatham = TimeZone::from_posix("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
  EXPECT_EQ(chatham->offset_at(utc(2026, 4, 4, 13, 59, 59)), 13h + 45min);
  EXPECT_EQ(chatham->offset_at(utc(2026, 4, 4, 14, 0)), 12h + 45min);
  EXPECT_EQ(chatham->offset_at(utc(2026, 9, 26, 14, 0)), 13h + 45min);
  EXPECT_EQ(chatham->offset_at(utc(2027, 1, 1, 0, 0)), 13h + 45min);  // DST over new year
  EXPECT_EQ(chatham->type_at(utc(2026, 7, 1, 0, 0)).abbreviation, "+1245");
}

TEST(PosixTz, NegativeRuleTimes) {
  // Greenland: changes at -01:00 local, i.e. 23:00 on the Saturday.
  auto nuuk = TimeZone::from_posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  EXPECT_EQ(nuuk->offset_at(utc(2026, 3, 29, 0, 59, 59)), -2h);
  EXPECT_EQ(nuuk->offset_at(utc(2026, 3, 29, 1, 0)), -1h);
  EXPECT_EQ(nuuk->offset_at(utc(2026, 10, 25, 0, 59, 59)), -1h);
  EXPECT_EQ(nuuk->offset_at(utc(2026, 10, 25, 1, 0)), -2h);
}

TEST(PosixTz, JulianDayForms) {
  // Jn counts 1..365 and never Feb 29: J60 is March 1 in every year.
  auto julian = TimeZone::from_posix("AAA0BBB,J60/0,J300/0");
  EXPECT_EQ(julian->offset_at(utc(2024, 2, 29, 23, 59, 59)), 0s);
  EXPECT_EQ(julian->offset_at(utc(2024, 3, 1, 0, 0)), 1h);
  EXPECT_EQ(julian->offset_at(utc(2025, 2, 28, 23, 59, 59)), 0s);
  EXPECT_EQ(julian->offset_at(utc(2025, 3, 1, 0, 0)), 1h);
  // J300 is October 27; 00:00 BBB is 23:00 UTC the day before.
  EXPECT_EQ(julian->offset_at(utc(2025, 10, 26, 22, 59, 59)), 1h);
  EXPECT_EQ(julian->offset_at(utc(2025, 10, 26, 23, 0)), 0s);
  EXPECT_EQ(julian->offset_at(utc(2024, 10, 26, 23, 0)), 0s);
  // n counts 0..365 with Feb 29: day 59 is Feb 29 in a leap year, March 1 otherwise.
  auto zero_based = TimeZone::from_posix("AAA0BBB,59/0,300/0");
  EXPECT_EQ(zero_based->offset_at(utc(2024, 2, 29, 0, 0)), 1h);
  EXPECT_EQ(zero_based->offset_at(utc(2025, 2, 28, 23, 59, 59)), 0s);
  EXPECT_EQ(zero_based->offset_at(utc(2025, 3, 1, 0, 0)), 1h);
  // Day 300 is October 27 in a leap year, October 28 otherwise.
  EXPECT_EQ(zero_based->offset_at(utc(2024, 10, 26, 23, 0)), 0s);
  EXPECT_EQ(zero_based->offset_at(utc(2025, 10, 26, 23, 0)), 1h);
  EXPECT_EQ(zero_based->offset_at(utc(2025, 10, 27, 23, 0)), 0s);
}

TEST(PosixTz, DaylightSavingAllYear) {
  // RFC 8536's example: DST from Jan 1 00:00 to Dec 31 25:00, so never standard time.
  auto zone = TimeZone::from_posix("EST5EDT,0/0,J365/25");
  for (auto t :
       {utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 5, 0), utc(2026, 7, 1, 0, 0),
        utc(2026, 12, 31, 23, 59, 59), utc(2027, 1, 1, 4, 59, 59), utc(2027, 1, 1, 5, 0)}) {
    EXPECT_EQ(zone->offset_at(t), -4h) << t.time_since_epoch().count();
  }
}

TEST(PosixTz, FarYearsStayConsistent) {
  auto zone = TimeZone::from_posix("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(zone->offset_at(utc(2400, 7, 1, 0, 0)), -4h);
  EXPECT_EQ(zone->offset_at(utc(1900, 1, 1, 0, 0)), -5h);
  EXPECT_NO_THROW(zone->offset_at(sys_seconds::max()));
  EXPECT_NO_THROW(zone->offset_at(sys_seconds::min()));
}

TEST(PosixTz, ErrorsNameTheString) {
  for (const char* bad : {"", "5", "EST", "EST+", "<ABC", "<A B>5", "EST99", "EST5EDT,",
                          "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                          "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J365", "EST5EDT,366,0",
                          "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,M3.2.0,M11.1.0junk", "EST5:60"}) {
    try {
      TimeZone::from_posix(bad);
      ADD_FAILURE() << "'" << bad << "' parsed";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace intake
