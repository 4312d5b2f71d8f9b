#include "intake/config/cron_expression.hpp"

#include "intake/common/time_zone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

namespace intake {
namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // symbolic names for min.., or nullptr
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

int parse_value(std::string_view token, const FieldSpec& spec) {
  if (spec.names) {
    std::string upper(token);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const int count = spec.max - spec.min + 1;
    for (int i = 0; i < count && i < 12; ++i) {
      if (upper == spec.names[i]) return spec.min + i;
    }
  }
  int value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size()) {
    throw std::invalid_argument(std::string(spec.name) + " field: '" + std::string(token) +
                                "' is not a number");
  }
  // Day of week 7 is Sunday too, as in most crons.
  if (spec.min == 0 && spec.max == 6 && value == 7) return 0;
  if (value < spec.min || value > spec.max) {
    throw std::invalid_argument(std::string(spec.name) + " field: " + std::to_string(value) +
                                " is outside " + std::to_string(spec.min) + "-" +
                                std::to_string(spec.max));
  }
  return value;
}

template <std::size_t N>
bool parse_field(std::string_view text, const FieldSpec& spec, std::bitset<N>& bits) {
  bool any = text == "*" || text == "?";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (part.empty()) throw std::invalid_argument(std::string(spec.name) + " field: empty list item");
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string_view::npos) {
      std::string_view step_text = part.substr(slash + 1);
      auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (ec != std::errc() || end != step_text.data() + step_text.size() || step <= 0) {
        throw std::invalid_argument(std::string(spec.name) + " field: bad step '" +
                                    std::string(step_text) + "'");
      }
      part = part.substr(0, slash);
    }
    int low = spec.min, high = spec.max;
    if (part != "*" && part != "?") {
      if (auto dash = part.find('-'); dash != std::string_view::npos) {
        low = parse_value(part.substr(0, dash), spec);
        high = parse_value(part.substr(dash + 1), spec);
        if (low > high) {
          throw std::invalid_argument(std::string(spec.name) + " field: range '" +
                                      std::string(part) + "' runs backwards");
        }
      } else {
        low = parse_value(part, spec);
        // "5/15" means from 5 to the end in steps of 15.
        high = text.find('/') != std::string_view::npos ? spec.max : low;
      }
    }
    for (int v = low; v <= high; v += step) bits.set(static_cast<std::size_t>(v));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return any;
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  std::string expression(text);
  static const std::array<std::pair<std::string_view, std::string_view>, 7> macros = {{
      {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
      {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
      {"@hourly", "0 * * * *"},
  }};
  if (!expression.empty() && expression[0] == '@') {
    auto it = std::find_if(macros.begin(), macros.end(),
                           [&](const auto& m) { return m.first == expression; });
    if (it == macros.end()) {
      throw std::invalid_argument("unknown macro '" + expression +
                                  "' (use @yearly, @monthly, @weekly, @daily or @hourly)");
    }
    expression = std::string(it->second);
  }
  std::istringstream in(expression);
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.size() != 5) {
    throw std::invalid_argument("expected 5 fields (minute hour day-of-month month day-of-week), found " +
                                std::to_string(fields.size()));
  }
  CronExpression cron;
  cron.text_ = std::string(text);
  parse_field(fields[0], {"minute", 0, 59, nullptr}, cron.minutes_);
  parse_field(fields[1], {"hour", 0, 23, nullptr}, cron.hours_);
  cron.any_day_of_month_ = parse_field(fields[2], {"day-of-month", 1, 31, nullptr}, cron.days_of_month_);
  parse_field(fields[3], {"month", 1, 12, kMonthNames}, cron.months_);
  cron.any_day_of_week_ = parse_field(fields[4], {"day-of-week", 0, 6, kDayNames}, cron.days_of_week_);
  // As in Vixie cron, whose MIN_STAR / HR_STAR flags pick the jobs its DST handling adjusts.
  const auto starred = [](const std::string& field) { return field[0] == '*' || field[0] == '?'; };
  cron.fixed_time_ = !starred(fields[0]) && !starred(fields[1]);
  return cron;
}

std::optional<std::chrono::sys_seconds> CronExpression::next_after(std::chrono::sys_seconds after,
                                                                   const TimeZone* zone) const {
  using namespace std::chrono;
  if (zone && !zone->is_utc()) return next_in_zone(after, *zone);
  const auto from = time_point_cast<minutes>(floor<minutes>(after)) + minutes(1);
  return first_match(from, from + days(366 * 5));
}

std::optional<std::chrono::sys_seconds> CronExpression::first_match(
    std::chrono::sys_time<std::chrono::minutes> from,
    std::chrono::sys_time<std::chrono::minutes> until) const {
  using namespace std::chrono;
  auto t = from;
  while (t < until) {
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    const weekday wd(day);
    const auto month_value = static_cast<unsigned>(ymd.month());
    if (!months_.test(month_value)) {
      // Jump to the first day of the next month.
      const auto next_month = year_month_day(ymd.year() / ymd.month() / 1) + months(1);
      t = sys_days(next_month);
      continue;
    }
    const bool dom = days_of_month_.test(static_cast<unsigned>(ymd.day()));
    const bool dow = days_of_week_.test(wd.c_encoding());
    // Vixie cron: when both day fields are restricted, either may match.
    const bool day_ok = (any_day_of_month_ || any_day_of_week_) ? (dom && dow) : (dom || dow);
    if (!day_ok) {
      t = day + days(1);
      continue;
    }
    const hh_mm_ss hms(t - day);
    if (!hours_.test(static_cast<std::size_t>(hms.hours().count()))) {
      t = day + hms.hours() + hours(1);
      continue;
    }
    if (!minutes_.test(static_cast<std::size_t>(hms.minutes().count()))) {
      t += minutes(1);
      continue;
    }
    return time_point_cast<seconds>(t);
  }
  return std::nullopt;
}

// Walks the zone's periods of constant offset from `after`; within one, wall = UTC + offset, so
// the wall-clock search above applies and its answer converts back by subtracting the offset.
std::optional<std::chrono::sys_seconds> CronExpression::next_in_zone(std::chrono::sys_seconds after,
                                                                     const TimeZone& zone) const {
  using namespace std::chrono;
  using wall_minutes = sys_time<minutes>;
  const auto ceil_minute = [](sys_seconds t) { return time_point_cast<minutes>(ceil<minutes>(t)); };
  ZonePeriod period = zone.period_at(after);
  const wall_minutes first =
      time_point_cast<minutes>(floor<minutes>(after + period.offset)) + minutes(1);
  const wall_minutes limit = first + days(366 * 5);
  while (true) {
    const bool transition = period.begin != sys_seconds::min();
    const seconds before = transition ? zone.offset_at(period.begin - seconds(1)) : period.offset;
    // The first period starts at or before `after`; a later one at its transition.
    wall_minutes from = period.begin > after ? ceil_minute(period.begin + period.offset) : first;
    // Spring forward: the wall times [begin + before, begin + offset) never happen; a fixed-time
    // schedule that wanted one runs at the transition instead.
    if (fixed_time_ && period.begin > after && period.offset > before &&
        first_match(ceil_minute(period.begin + before), from)) {
      return period.begin;
    }
    // Fall back: the wall times [begin + offset, begin + before) come round again; a fixed-time
    // schedule ran at their first occurrence.
    if (fixed_time_ && transition && before > period.offset) {
      from = std::max(from, ceil_minute(period.begin + before));
    }
    const bool last = period.end == sys_seconds::max() || period.end + period.offset >= limit;
    const wall_minutes until = last ? limit : ceil_minute(period.end + period.offset);
    if (from < until) {
      if (auto wall = first_match(from, until)) return *wall - period.offset;
    }
    if (last) return std::nullopt;
    period = zone.period_at(period.end);
  }
}

}  // namespace intake
