#pragma once
// IANA time zones read from the system's compiled zone files (/usr/share/zoneinfo/<Name>, TZif as
// in RFC 8536). GCC 12's libstdc++ has no std::chrono::tzdb, and TZ + localtime_r is
// process-global, so intake reads the files itself: the 64-bit transitions, then the footer's
// POSIX TZ string (e.g. EST5EDT,M3.2.0,M11.1.0) for every instant after the last transition.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace intake {

namespace time_zone_detail {
struct Rules;
}

// What a zone's clocks show at one instant.
struct LocalTimeType {
  std::chrono::seconds offset{0};  // local wall time = UTC + offset
  bool is_dst = false;
  std::string abbreviation;  // "EDT", "+0530"
};

// A span of UTC time in which a zone's offset does not change: [begin, end).
struct ZonePeriod {
  std::chrono::sys_seconds begin = std::chrono::sys_seconds::min();  // min: no transition before
  std::chrono::sys_seconds end = std::chrono::sys_seconds::max();    // max: none after
  std::chrono::seconds offset{0};
};

class TimeZone {
 public:
  // "UTC" and "Etc/UTC" are built in; any other name is read from /usr/share/zoneinfo/<name> once
  // and cached for the life of the process (thread-safe). Throws std::runtime_error naming the
  // zone when the name is not a zone file or the file is not valid TZif.
  static std::shared_ptr<const TimeZone> load(std::string_view name);
  static std::shared_ptr<const TimeZone> utc();

  // From a TZif file's bytes; throws std::runtime_error naming `name`.
  static std::shared_ptr<const TimeZone> from_tzif(std::string name, std::string_view bytes);
  // From a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<-03>3" (the rule a TZif
  // footer holds); named after the string. Throws std::runtime_error naming the string.
  static std::shared_ptr<const TimeZone> from_posix(std::string_view tz);

  ~TimeZone();
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

  const std::string& name() const { return name_; }
  // Zero offset at every instant: callers may skip conversions.
  bool is_utc() const { return utc_; }

  std::chrono::seconds offset_at(std::chrono::sys_seconds utc) const;
  LocalTimeType type_at(std::chrono::sys_seconds utc) const;
  // The span of constant offset that holds `utc`; its end is the next transition.
  ZonePeriod period_at(std::chrono::sys_seconds utc) const;

 private:
  TimeZone(std::string name, std::unique_ptr<const time_zone_detail::Rules> rules);

  std::string name_;
  std::unique_ptr<const time_zone_detail::Rules> rules_;
  bool utc_ = false;
};

}  // namespace intake
