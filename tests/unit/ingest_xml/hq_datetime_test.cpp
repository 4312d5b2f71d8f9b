// HQ's date-time step on single strings.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "intake/ingest/xml_to_json.hpp"

namespace intake {
namespace {

std::string normalized(std::string_view text) {
  const std::optional<std::string> result = normalize_hq_datetime(text);
  return result ? *result : "<untouched>";
}

TEST(HqDatetime, HourOffsetsMovedToUtc) {
  EXPECT_EQ(normalized("2013-03-09T06:30:09.007+03"), "2013-03-09T03:30:09.007000Z");
  EXPECT_EQ(normalized("2015-04-17T16:04:54.950-04"), "2015-04-17T20:04:54.950000Z");
}

TEST(HqDatetime, MinuteOffsetsWithAndWithoutColon) {
  EXPECT_EQ(normalized("2013-03-09T06:30:09+03:00"), "2013-03-09T03:30:09.000000Z");
  EXPECT_EQ(normalized("2013-03-09T06:30:09+0530"), "2013-03-09T01:00:09.000000Z");
  EXPECT_EQ(normalized("2013-03-09T06:30:09-09:30"), "2013-03-09T16:00:09.000000Z");
}

TEST(HqDatetime, ZuluGetsSixFractionDigits) {
  EXPECT_EQ(normalized("2013-07-19T21:21:31.188Z"), "2013-07-19T21:21:31.188000Z");
  EXPECT_EQ(normalized("2015-04-17T16:04:54.950000Z"), "2015-04-17T16:04:54.950000Z");
  EXPECT_EQ(normalized("2013-07-19T21:21:31Z"), "2013-07-19T21:21:31.000000Z");
}

// iso8601.parse_date defaults to UTC, so HQ reformats a date-time without offset as UTC.
TEST(HqDatetime, NoOffsetTakenAsUtc) {
  EXPECT_EQ(normalized("2010-07-22T13:54:27.971"), "2010-07-22T13:54:27.971000Z");
  EXPECT_EQ(normalized("2010-07-22 13:54"), "2010-07-22T13:54:00.000000Z");
}

TEST(HqDatetime, CrossesDayMonthAndYear) {
  EXPECT_EQ(normalized("2013-01-01T01:00:00+03"), "2012-12-31T22:00:00.000000Z");
  EXPECT_EQ(normalized("2012-02-28T22:00:00-04"), "2012-02-29T02:00:00.000000Z");
  EXPECT_EQ(normalized("2013-02-28T22:00:00-04"), "2013-03-01T02:00:00.000000Z");
}

TEST(HqDatetime, CompactFormsBothParsersAccept) {
  EXPECT_EQ(normalized("20130309T063009+03"), "2013-03-09T03:30:09.000000Z");
  EXPECT_EQ(normalized("2013-03-09T06:30:09,5000+03"), "2013-03-09T03:30:09.500000Z");
}

TEST(HqDatetime, TrailingNewlineMatchesLikePythonDollar) {
  EXPECT_EQ(normalized("2013-03-09T06:30:09Z\n"), "2013-03-09T06:30:09.000000Z");
  EXPECT_EQ(normalized("2013-03-09T06:30:09Z\n\n"), "<untouched>");
}

TEST(HqDatetime, DatesTimesAndTextUntouched) {
  EXPECT_EQ(normalized("2013-03-09"), "<untouched>");
  EXPECT_EQ(normalized("06:30:09"), "<untouched>");
  EXPECT_EQ(normalized(""), "<untouched>");
  EXPECT_EQ(normalized("358510043913306"), "<untouched>");
  EXPECT_EQ(normalized("v 2013-03-09T06:30:09Z"), "<untouched>");
  EXPECT_EQ(normalized(" 2013-03-09T06:30:09Z"), "<untouched>");
}

TEST(HqDatetime, ShapesOneOfHqsParsersRejectsUntouched) {
  EXPECT_EQ(normalized("2013/03/09T06:30:09Z"), "<untouched>");    // iso8601 wants '-'
  EXPECT_EQ(normalized("2013-03-09T06:30:09.5Z"), "<untouched>");  // HQ regex wants 3-6 digits
  EXPECT_EQ(normalized("2013-03-09T06:30:09.1234567Z"), "<untouched>");
  EXPECT_EQ(normalized("2013-03-09T06:30:09z"), "<untouched>");  // iso8601 wants 'Z'
  EXPECT_EQ(normalized("2013-03-09t06:30:09Z"), "<untouched>");
}

TEST(HqDatetime, ImpossibleValuesUntouched) {
  EXPECT_EQ(normalized("2013-02-29T06:30:09Z"), "<untouched>");
  EXPECT_EQ(normalized("2013-13-09T06:30:09Z"), "<untouched>");
  EXPECT_EQ(normalized("2013-03-09T24:00:00Z"), "<untouched>");
  EXPECT_EQ(normalized("2013-03-09T06:60:00Z"), "<untouched>");
  EXPECT_EQ(normalized("2013-03-09T06:30:09+24"), "<untouched>");
  EXPECT_EQ(normalized("0000-01-01T06:30:09Z"), "<untouched>");
  EXPECT_EQ(normalized("0001-01-01T00:30:00+01"), "<untouched>");  // before year 1 in UTC
}

}  // namespace
}  // namespace intake
