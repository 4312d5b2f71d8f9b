#include <gtest/gtest.h>

#include "intake/config/cron_expression.hpp"

namespace intake {
namespace {

using namespace std::chrono;

sys_seconds at(int y, unsigned mo, unsigned d, int h, int mi) {
  return sys_days(year(y) / mo / d) + hours(h) + minutes(mi);
}

TEST(CronExpression, Hourly) {
  auto cron = CronExpression::parse("@hourly");
  EXPECT_EQ(cron.next_after(at(2026, 12, 3, 10, 15)), at(2026, 12, 3, 11, 0));
  EXPECT_EQ(cron.next_after(at(2026, 12, 31, 23, 0)), at(2027, 1, 1, 0, 0));
}

TEST(CronExpression, StepsListsRangesAndNames) {
  auto cron = CronExpression::parse("*/15 9-17 * * MON-FRI");
  EXPECT_EQ(cron.next_after(at(2026, 12, 4, 17, 50)), at(2026, 12, 7, 9, 0));  // Fri → Mon
  EXPECT_EQ(cron.next_after(at(2026, 12, 3, 9, 0)), at(2026, 12, 3, 9, 15));
  auto list = CronExpression::parse("0 0 1,15 JAN,jul *");
  EXPECT_EQ(list.next_after(at(2026, 2, 1, 0, 0)), at(2026, 7, 1, 0, 0));
}

TEST(CronExpression, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  auto cron = CronExpression::parse("0 0 13 * 5");  // the 13th, or any Friday
  EXPECT_EQ(cron.next_after(at(2026, 12, 3, 0, 0)), at(2026, 12, 4, 0, 0));
}

TEST(CronExpression, SundayAsSeven) {
  auto cron = CronExpression::parse("0 12 * * 7");
  EXPECT_EQ(cron.next_after(at(2026, 12, 3, 0, 0)), at(2026, 12, 6, 12, 0));
}

TEST(CronExpression, ImpossibleDateNeverFires) {
  auto cron = CronExpression::parse("0 0 30 2 *");
  EXPECT_FALSE(cron.next_after(at(2026, 1, 1, 0, 0)).has_value());
}

TEST(CronExpression, Errors) {
  EXPECT_THROW(CronExpression::parse("60 * * * *"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("* * * *"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("* * 0 * *"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("*/0 * * * *"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("5-1 * * * *"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("@sometimes"), std::invalid_argument);
  EXPECT_THROW(CronExpression::parse("* * * FOO *"), std::invalid_argument);
}

}  // namespace
}  // namespace intake
