#pragma once
// The data behind intake::TimeZone: a TZif file's transitions and local time types, and the POSIX
// TZ rule (its footer) that extends them. Times are seconds since the epoch, UTC.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intake::time_zone_detail {

constexpr std::int64_t kNoBegin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoEnd = std::numeric_limits<std::int64_t>::max();

struct LocalType {
  std::int32_t offset = 0;  // seconds east of UTC
  bool is_dst = false;
  std::string abbreviation;
};

// One end of daylight saving time in a POSIX rule: Jn, n or Mm.w.d, then /time (local wall time
// of the clocks in force before the change; -167..167 hours as RFC 8536 version 3 allows).
struct RuleDate {
  enum class Kind { julian_no_leap, zero_based, month_week_day };
  Kind kind = Kind::month_week_day;
  int day = 0;    // Jn: 1..365 (Feb 29 never counted); n: 0..365; Mm.w.d: d, 0..6 (Sunday = 0)
  int week = 0;   // Mm.w.d: 1..5 (5 = the last)
  int month = 0;  // Mm.w.d: 1..12
  std::int32_t time = 2 * 3600;
};

struct PosixRule {
  LocalType standard;
  std::optional<LocalType> dst;
  RuleDate start;  // into DST
  RuleDate end;    // back to standard time
};

// Throws std::invalid_argument saying what is wrong.
PosixRule parse_posix_tz(std::string_view text);

// The type a span of time uses and the span's bounds [begin, end) (kNoBegin / kNoEnd when open).
struct Span {
  std::int64_t begin = kNoBegin;
  std::int64_t end = kNoEnd;
  const LocalType* type = nullptr;
};

Span rule_span_at(const PosixRule& rule, std::int64_t t);

struct Rules {
  std::vector<std::int64_t> transitions;       // ascending
  std::vector<std::uint8_t> transition_types;  // index into types, one per transition
  std::vector<LocalType> types;                // at least one; types[0] before the first transition
  std::optional<PosixRule> footer;             // after the last transition
};

// Throws std::invalid_argument saying what is wrong.
Rules parse_tzif(std::string_view bytes);

Span span_at(const Rules& rules, std::int64_t t);

}  // namespace intake::time_zone_detail
