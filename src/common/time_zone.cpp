#include "intake/common/time_zone.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "common/time_zone_rules.hpp"

namespace intake {
namespace {

using time_zone_detail::kNoBegin;
using time_zone_detail::kNoEnd;
using time_zone_detail::Rules;

constexpr const char* kZoneDirectory = "/usr/share/zoneinfo";
constexpr std::uintmax_t kMaxZoneFileSize = 1 << 20;

bool is_utc_name(std::string_view name) { return name == "UTC" || name == "Etc/UTC"; }

// IANA names are made of these; anything else (absolute paths, "..") never names a zone file.
bool plausible_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string read_zone_file(const std::string& name) {
  const std::string quoted = "time zone '" + name + "'";
  if (!plausible_name(name)) throw std::runtime_error("unknown " + quoted + " (not an IANA name)");
  const std::filesystem::path path = std::filesystem::path(kZoneDirectory) / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw std::runtime_error("unknown " + quoted + " (no file " + path.string() + ")");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxZoneFileSize) {
    throw std::runtime_error(quoted + ": " + path.string() + " is not a zone file (too large)");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error(quoted + ": cannot read " + path.string());
  return bytes.str();
}

}  // namespace

TimeZone::TimeZone(std::string name, std::unique_ptr<const Rules> rules)
    : name_(std::move(name)), rules_(std::move(rules)) {
  const auto zero = [](const time_zone_detail::LocalType& type) { return type.offset == 0; };
  if (rules_->footer) {
    utc_ = !rules_->footer->dst && zero(rules_->footer->standard);
  } else {
    utc_ = true;
  }
  for (const auto& type : rules_->types) utc_ = utc_ && zero(type);
}

TimeZone::~TimeZone() = default;

std::shared_ptr<const TimeZone> TimeZone::utc() {
  static const std::shared_ptr<const TimeZone> zone = [] {
    auto rules = std::make_unique<Rules>();
    rules->types.push_back({0, false, "UTC"});
    return std::shared_ptr<const TimeZone>(new TimeZone("UTC", std::move(rules)));
  }();
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::load(std::string_view name) {
  if (is_utc_name(name)) return utc();
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::string key(name);
  auto zone = from_tzif(key, read_zone_file(key));
  cache.emplace(std::move(key), zone);
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::from_tzif(std::string name, std::string_view bytes) {
  try {
    auto rules = std::make_unique<const Rules>(time_zone_detail::parse_tzif(bytes));
    return std::shared_ptr<const TimeZone>(new TimeZone(std::move(name), std::move(rules)));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("time zone '" + name + "': not a valid zone file: " + e.what());
  }
}

std::shared_ptr<const TimeZone> TimeZone::from_posix(std::string_view tz) {
  try {
    auto rules = std::make_unique<Rules>();
    rules->footer = time_zone_detail::parse_posix_tz(tz);
    rules->types.push_back(rules->footer->standard);
    return std::shared_ptr<const TimeZone>(new TimeZone(std::string(tz), std::move(rules)));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("TZ string '" + std::string(tz) + "': " + e.what());
  }
}

std::chrono::seconds TimeZone::offset_at(std::chrono::sys_seconds utc) const {
  if (utc_) return std::chrono::seconds(0);
  return std::chrono::seconds(span_at(*rules_, utc.time_since_epoch().count()).type->offset);
}

LocalTimeType TimeZone::type_at(std::chrono::sys_seconds utc) const {
  const auto* type = span_at(*rules_, utc.time_since_epoch().count()).type;
  return {std::chrono::seconds(type->offset), type->is_dst, type->abbreviation};
}

ZonePeriod TimeZone::period_at(std::chrono::sys_seconds utc) const {
  using std::chrono::seconds;
  using std::chrono::sys_seconds;
  if (utc_) return {};
  const auto span = span_at(*rules_, utc.time_since_epoch().count());
  return {span.begin == kNoBegin ? sys_seconds::min() : sys_seconds(seconds(span.begin)),
          span.end == kNoEnd ? sys_seconds::max() : sys_seconds(seconds(span.end)),
          seconds(span.type->offset)};
}

}  // namespace intake
