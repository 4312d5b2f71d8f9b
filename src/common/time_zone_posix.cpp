// POSIX TZ strings (the footer of a TZif file): std offset [dst [offset]
// [,start[/time],end[/time]]] with the RFC 8536 extensions (hours -167..167 in rule times).

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "common/time_zone_rules.hpp"

namespace intake::time_zone_detail {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(what + " at position " + std::to_string(pos_ + 1));
  }

  // An abbreviation: letters, or <...> of letters, digits, + and - (e.g. <-03>).
  std::string name() {
    std::string out;
    if (take('<')) {
      while (!done() && peek() != '>') {
        const char c = peek();
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') {
          fail(std::string("unexpected '") + c + "' in a quoted name");
        }
        out += c;
        ++pos_;
      }
      if (!take('>')) fail("a quoted name is not closed with '>'");
    } else {
      while (std::isalpha(static_cast<unsigned char>(peek()))) out += text_[pos_++];
    }
    if (out.empty()) fail("expected a zone abbreviation");
    return out;
  }

  int number(int max) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected a number");
    int value = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      value = value * 10 + (text_[pos_++] - '0');
      if (value > max) fail("number over " + std::to_string(max));
    }
    return value;
  }

  // [+|-]hh[:mm[:ss]] in seconds.
  std::int32_t clock_time(int max_hours) {
    const bool negative = take('-');
    if (!negative) take('+');
    std::int32_t seconds = number(max_hours) * 3600;
    if (take(':')) {
      seconds += number(59) * 60;
      if (take(':')) seconds += number(59);
    }
    return negative ? -seconds : seconds;
  }

  RuleDate date() {
    RuleDate date;
    if (take('J')) {
      date.kind = RuleDate::Kind::julian_no_leap;
      date.day = number(365);
      if (date.day < 1) fail("Jn day must be 1..365");
    } else if (take('M')) {
      date.month = number(12);
      if (date.month < 1) fail("month must be 1..12");
      if (!take('.')) fail("expected '.' after the month");
      date.week = number(5);
      if (date.week < 1) fail("week must be 1..5");
      if (!take('.')) fail("expected '.' after the week");
      date.day = number(6);
    } else {
      date.kind = RuleDate::Kind::zero_based;
      date.day = number(365);
    }
    if (take('/')) date.time = clock_time(167);
    return date;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian), in 64 bits so far years are safe.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t year_of_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  return static_cast<std::int64_t>(yoe) + era * 400 + (mp >= 10);
}

bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned days_in_month(std::int64_t y, int m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days since the epoch of the rule date in year y.
std::int64_t rule_day(const RuleDate& date, std::int64_t y) {
  const std::int64_t jan1 = days_from_civil(y, 1, 1);
  switch (date.kind) {
    case RuleDate::Kind::julian_no_leap:
      return jan1 + date.day - 1 + (is_leap(y) && date.day >= 60 ? 1 : 0);
    case RuleDate::Kind::zero_based:
      return jan1 + date.day;
    case RuleDate::Kind::month_week_day: {
      const auto month = static_cast<unsigned>(date.month);
      const std::int64_t first = days_from_civil(y, month, 1);
      const std::int64_t first_weekday =
          first + 4 - floor_div(first + 4, 7) * 7;  // 1970-01-01: Thu
      unsigned day = 1 + static_cast<unsigned>((date.day - first_weekday + 7) % 7) +
                     7 * static_cast<unsigned>(date.week - 1);
      while (day > days_in_month(y, date.month)) day -= 7;  // week 5: the last such day
      return first + day - 1;
    }
  }
  return jan1;
}

}  // namespace

PosixRule parse_posix_tz(std::string_view text) {
  Reader in(text);
  PosixRule rule;
  rule.standard.abbreviation = in.name();
  if (in.done()) in.fail("missing the UTC offset");
  rule.standard.offset = -in.clock_time(24);  // POSIX offsets count hours west of Greenwich
  if (in.done()) return rule;
  LocalType dst;
  dst.is_dst = true;
  dst.abbreviation = in.name();
  dst.offset = rule.standard.offset + 3600;
  if (!in.done() && in.peek() != ',') dst.offset = -in.clock_time(24);
  rule.dst = dst;
  if (in.done()) {
    // No rule given: glibc's default, the US rule since 2007.
    rule.start = {RuleDate::Kind::month_week_day, 0, 2, 3};
    rule.end = {RuleDate::Kind::month_week_day, 0, 1, 11};
    return rule;
  }
  if (!in.take(',')) in.fail("expected ',' before the DST start");
  rule.start = in.date();
  if (!in.take(',')) in.fail("expected ',' before the DST end");
  rule.end = in.date();
  if (!in.done()) in.fail("unexpected text after the DST end");
  return rule;
}

Span rule_span_at(const PosixRule& rule, std::int64_t t) {
  if (!rule.dst) return {kNoBegin, kNoEnd, &rule.standard};
  // Years this far out only matter for not overflowing.
  constexpr std::int64_t kFar = std::int64_t{1} << 55;
  const std::int64_t year = year_of_days(floor_div(std::clamp(t, -kFar, kFar), 86400));
  // The changes of the years around t, in order; a tie (DST all year, as in "EST5EDT,0/0,J365/25")
  // keeps the year's end before the next year's start, so DST stays in force.
  struct Change {
    std::int64_t at;
    const LocalType* to;
  };
  std::array<Change, 10> changes;
  std::size_t n = 0;
  for (std::int64_t y = year - 2; y <= year + 2; ++y) {
    changes[n++] = {rule_day(rule.start, y) * 86400 + rule.start.time - rule.standard.offset,
                    &*rule.dst};
    changes[n++] = {rule_day(rule.end, y) * 86400 + rule.end.time - rule.dst->offset,
                    &rule.standard};
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.at < b.at; });
  Span span;
  span.type = &rule.standard;
  for (const Change& change : changes) {
    if (change.at <= t) {
      span.begin = change.at;
      span.type = change.to;
    } else {
      span.end = change.at;
      break;
    }
  }
  return span;
}

}  // namespace intake::time_zone_detail
