// Retry-After: delay-seconds or one of the three HTTP-date forms (RFC 9110 §5.6.7).
#include <array>
#include <cstdint>

#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
// Far enough for any real server; keeps the millisecond count well inside int64.
constexpr std::uint64_t kMaxSeconds = 1'000'000'000'000ull;

// A left-to-right reader over the value; every step fails softly (returns false).
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  template <std::size_t N>
  bool one_of(const std::array<std::string_view, N>& words, int& index) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(words[i])) {
        index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  // Exactly `digits` digits (asctime pads a one-digit day with a space instead).
  bool number(int digits, int& value, bool space_padded = false) {
    value = 0;
    for (int i = 0; i < digits; ++i) {
      if (pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (space_padded && i == 0 && c == ' ') continue;
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    return true;
  }
  bool time_of_day(seconds& out) {
    int h, m, s;
    if (!number(2, h) || !literal(":") || !number(2, m) || !literal(":") || !number(2, s)) {
      return false;
    }
    if (h > 23 || m > 59 || s > 60) return false;  // 60: a leap second
    out = hours(h) + minutes(m) + seconds(s);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<sys_seconds> make_time(int y, int month_index, int d, seconds time) {
  year_month_day date{year(y), month(static_cast<unsigned>(month_index + 1)),
                      day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  return sys_days(date) + time;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<sys_seconds> imf_fixdate(std::string_view text) {
  Cursor c(text);
  int weekday, d, month_index, y;
  seconds time;
  if (c.one_of(kDays, weekday) && c.literal(", ") && c.number(2, d) && c.literal(" ") &&
      c.one_of(kMonths, month_index) && c.literal(" ") && c.number(4, y) && c.literal(" ") &&
      c.time_of_day(time) && c.literal(" GMT") && c.done()) {
    return make_time(y, month_index, d, time);
  }
  return std::nullopt;
}

// RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year more than 50 years ahead of `now`
// is in the past century (RFC 9110 §5.6.7).
std::optional<sys_seconds> rfc850_date(std::string_view text, sys_seconds now) {
  Cursor c(text);
  int weekday, d, month_index, yy;
  seconds time;
  if (!(c.one_of(kLongDays, weekday) && c.literal(", ") && c.number(2, d) && c.literal("-") &&
        c.one_of(kMonths, month_index) && c.literal("-") && c.number(2, yy) && c.literal(" ") &&
        c.time_of_day(time) && c.literal(" GMT") && c.done())) {
    return std::nullopt;
  }
  int this_year = static_cast<int>(year_month_day(floor<days>(now)).year());
  int y = this_year / 100 * 100 + yy;
  if (y > this_year + 50) y -= 100;
  return make_time(y, month_index, d, time);
}

// asctime: "Sun Nov  6 08:49:37 1994"
std::optional<sys_seconds> asctime_date(std::string_view text) {
  Cursor c(text);
  int weekday, d, month_index, y;
  seconds time;
  if (c.one_of(kDays, weekday) && c.literal(" ") && c.one_of(kMonths, month_index) &&
      c.literal(" ") && c.number(2, d, true) && c.literal(" ") && c.time_of_day(time) &&
      c.literal(" ") && c.number(4, y) && c.done()) {
    return make_time(y, month_index, d, time);
  }
  return std::nullopt;
}

std::string_view trim(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t secs = 0;
    for (char c : value) {
      secs = std::min(kMaxSeconds, secs * 10 + static_cast<std::uint64_t>(c - '0'));
    }
    return duration_cast<milliseconds>(seconds(static_cast<std::int64_t>(secs)));
  }
  const auto now_s = floor<seconds>(now);
  std::optional<sys_seconds> date = imf_fixdate(value);
  if (!date) date = rfc850_date(value, now_s);
  if (!date) date = asctime_date(value);
  if (!date) return std::nullopt;
  return std::max(milliseconds(0), duration_cast<milliseconds>(*date - now));
}

}  // namespace intake::adaptors
