// parse_retry_after: delay-seconds and the three HTTP-date forms.
#include <gtest/gtest.h>

#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors {
namespace {

using namespace std::chrono;

// 2024-01-01 00:00:00 UTC, a Monday.
const system_clock::time_point kNow = sys_days(year(2024) / January / 1);

TEST(ParseRetryAfter, DelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", kNow), milliseconds(120'000));
  EXPECT_EQ(parse_retry_after("0", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after(" \t5 ", kNow), milliseconds(5'000));
  auto huge = parse_retry_after("99999999999999999999999", kNow);
  ASSERT_TRUE(huge.has_value());
  EXPECT_GT(*huge, hours(24 * 365 * 100));
}

TEST(ParseRetryAfter, HttpDates) {
  EXPECT_EQ(parse_retry_after("Mon, 01 Jan 2024 00:01:30 GMT", kNow), milliseconds(90'000));
  EXPECT_EQ(parse_retry_after("Monday, 01-Jan-24 00:01:30 GMT", kNow), milliseconds(90'000));
  EXPECT_EQ(parse_retry_after("Mon Jan  1 00:01:30 2024", kNow), milliseconds(90'000));
  EXPECT_EQ(parse_retry_after("Tue, 02 Jan 2024 00:00:00 GMT", kNow + milliseconds(500)),
            milliseconds(86'400'000 - 500));
  EXPECT_EQ(parse_retry_after("Thu, 29 Feb 2024 12:00:00 GMT", kNow),
            duration_cast<milliseconds>(days(59) + hours(12)));
}

TEST(ParseRetryAfter, DatesInThePastMeanNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kNow), milliseconds(0));
}

TEST(ParseRetryAfter, GarbageIsNotADelay) {
  for (const char* value :
       {"", "   ", "soon", "-5", "1.5", "5s", "0x10", "Mon, 32 Jan 2024 00:00:00 GMT",
        "Mon, 01 Jan 2024 00:00:00 UTC", "Mon, 01 Jan 2024 25:00:00 GMT",
        "Mon, 1 Jan 2024 00:00:00 GMT", "Fri, 30 Feb 2024 00:00:00 GMT",
        "Mon, 01 Foo 2024 00:00:00 GMT", "Mon, 01 Jan 2024 00:00:00 GMT trailing"}) {
    EXPECT_EQ(parse_retry_after(value, kNow), std::nullopt) << '"' << value << '"';
  }
}

}  // namespace
}  // namespace intake::adaptors
