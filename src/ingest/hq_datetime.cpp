// HQ's date-time post-processing (corehq/form_processor/utils/xform.py adjust_datetimes).
//
// HQ rewrites a string when it matches both its loose date-time regex and the iso8601 package's
// parser; this accepts exactly what both accept:
//   YYYY[-]MM[-]DD(T| )hh[:]mm[[:]ss[(.|,)fff[fff]]][Z|(+|-)hh[[:]][mm]]
// A missing offset means UTC (iso8601's default), so such strings are reformatted too. Python's `$`
// also matches before one final "\n", so HQ converts "…+03\n" as well (and drops the newline).
// Impossible dates (2013-02-30) and results outside years 1–9999 stay untouched.

#include <cstdint>

#include "intake/ingest/xml_to_json.hpp"

namespace intake {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool skip(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool next_is_digit() const {
    return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9';
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  // Exactly `count` digits as a number, or -1.
  int digits(int count) {
    int value = 0;
    for (int i = 0; i < count; ++i) {
      if (!next_is_digit()) return -1;
      value = value * 10 + (text_[pos_++] - '0');
    }
    return value;
  }
  int digit_run() {
    int count = 0;
    while (next_is_digit()) {
      ++pos_;
      ++count;
    }
    return count;
  }
  std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct CivilDateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
  int offset_minutes = 0;  // east of UTC
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

bool in_range(int value, int low, int high) { return value >= low && value <= high; }

bool parse_date(Cursor& in, CivilDateTime& out) {
  out.year = in.digits(4);
  in.skip('-');
  out.month = in.digits(2);
  in.skip('-');
  out.day = in.digits(2);
  return out.year >= 1 && in_range(out.month, 1, 12) && in_range(out.day, 1, 31) &&
         out.day <= days_in_month(out.year, out.month);
}

bool parse_time(Cursor& in, CivilDateTime& out) {
  out.hour = in.digits(2);
  in.skip(':');
  out.minute = in.digits(2);
  if (!in_range(out.hour, 0, 23) || !in_range(out.minute, 0, 59)) return false;
  const bool has_seconds = in.skip(':') || in.next_is_digit();
  if (!has_seconds) return true;
  out.second = in.digits(2);
  if (!in_range(out.second, 0, 59)) return false;
  if (in.peek() != '.' && in.peek() != ',') return true;
  in.skip(in.peek());
  const std::size_t start = in.pos();
  const int count = in.digit_run();
  if (count < 3 || count > 6) return false;  // HQ's regex wants 3 to 6 fraction digits
  for (char c : in.slice(start)) out.microsecond = out.microsecond * 10 + (c - '0');
  for (int i = count; i < 6; ++i) out.microsecond *= 10;
  return true;
}

bool parse_offset(Cursor& in, CivilDateTime& out) {
  if (in.at_end() || in.skip('Z')) return true;
  const char sign = in.peek();
  if (sign != '+' && sign != '-') return false;
  in.skip(sign);
  const int hours = in.digits(2);
  if (!in_range(hours, 0, 23)) return false;
  in.skip(':');
  int minutes = 0;
  if (in.next_is_digit()) {
    minutes = in.digits(2);
    if (!in_range(minutes, 0, 59)) return false;
  }
  out.offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

std::optional<CivilDateTime> parse_hq_datetime(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  // Cheapest rejection first: most strings are not dates at all.
  if (text.size() < 13 || text[0] < '0' || text[0] > '9') return std::nullopt;
  Cursor in(text);
  CivilDateTime value;
  if (!parse_date(in, value)) return std::nullopt;
  if (!in.skip('T') && !in.skip(' ')) return std::nullopt;
  if (!parse_time(in, value) || !parse_offset(in, value) || !in.at_end()) return std::nullopt;
  return value;
}

// Writes `value` zero-padded into out[at, at + width).
void put_digits(std::string& out, std::size_t at, int width, int value) {
  for (int i = width - 1; i >= 0; --i, value /= 10)
    out[at + i] = static_cast<char>('0' + value % 10);
}

}  // namespace

std::optional<std::string> normalize_hq_datetime(std::string_view text) {
  const std::optional<CivilDateTime> local = parse_hq_datetime(text);
  if (!local) return std::nullopt;
  const std::int64_t local_minutes = days_from_civil(local->year, local->month, local->day) * 1440 +
                                     local->hour * 60 + local->minute;
  const std::int64_t utc_minutes = local_minutes - local->offset_minutes;
  const std::int64_t days = (utc_minutes >= 0 ? utc_minutes : utc_minutes - 1439) / 1440;
  const int minute_of_day = static_cast<int>(utc_minutes - days * 1440);
  int year = 0, month = 0, day = 0;
  civil_from_days(days, year, month, day);
  if (year < 1 || year > 9999) return std::nullopt;  // Python's datetime cannot hold it

  std::string out = "0000-00-00T00:00:00.000000Z";
  put_digits(out, 0, 4, year);
  put_digits(out, 5, 2, month);
  put_digits(out, 8, 2, day);
  put_digits(out, 11, 2, minute_of_day / 60);
  put_digits(out, 14, 2, minute_of_day % 60);
  put_digits(out, 17, 2, local->second);
  put_digits(out, 20, 6, local->microsecond);
  return out;
}

}  // namespace intake
