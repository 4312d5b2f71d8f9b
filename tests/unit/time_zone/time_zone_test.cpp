// TimeZone read from the system's zone files: offsets across DST transitions, the footer rule
// for far-future instants, slim and version 1 files, errors, and agreement with glibc's `date`.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "intake/common/time_zone.hpp"
#include "tzif_builder.hpp"

namespace intake {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return sys_days(year(y) / mo / d) + hours(h) + minutes(mi) + seconds(s);
}

std::shared_ptr<const TimeZone> zone_or_skip(const std::string& name) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/" + name)) return nullptr;
  return TimeZone::load(name);
}

TEST(TimeZone, UtcIsBuiltIn) {
  auto zone = TimeZone::load("UTC");
  EXPECT_TRUE(zone->is_utc());
  EXPECT_EQ(zone, TimeZone::utc());
  EXPECT_EQ(TimeZone::load("Etc/UTC"), TimeZone::utc());
  EXPECT_EQ(zone->offset_at(utc(2026, 7, 1, 12, 0)), 0s);
  EXPECT_EQ(zone->type_at(utc(2026, 7, 1, 12, 0)).abbreviation, "UTC");
  const ZonePeriod period = zone->period_at(utc(2026, 7, 1, 12, 0));
  EXPECT_EQ(period.begin, sys_seconds::min());
  EXPECT_EQ(period.end, sys_seconds::max());
}

TEST(TimeZone, NairobiIsThreeHoursAheadAllYear) {
  auto zone = TimeZone::load("Africa/Nairobi");
  EXPECT_FALSE(zone->is_utc());
  EXPECT_EQ(zone->name(), "Africa/Nairobi");
  EXPECT_EQ(zone->offset_at(utc(2026, 1, 15, 0, 0)), 3h);
  EXPECT_EQ(zone->offset_at(utc(2026, 7, 15, 0, 0)), 3h);
  EXPECT_EQ(zone->offset_at(utc(2040, 7, 15, 0, 0)), 3h);
  EXPECT_EQ(zone->type_at(utc(2026, 1, 15, 0, 0)).abbreviation, "EAT");
  EXPECT_FALSE(zone->type_at(utc(2026, 1, 15, 0, 0)).is_dst);
  EXPECT_EQ(zone->period_at(utc(2026, 1, 15, 0, 0)).end, sys_seconds::max());
}

TEST(TimeZone, KolkataIsFiveAndAHalfHoursAhead) {
  auto zone = TimeZone::load("Asia/Kolkata");
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 1, 0, 0)), 5h + 30min);
  EXPECT_EQ(zone->offset_at(utc(2100, 3, 1, 0, 0)), 5h + 30min);
  EXPECT_EQ(zone->type_at(utc(2026, 3, 1, 0, 0)).abbreviation, "IST");
}

TEST(TimeZone, NewYorkAcrossBoth2026Transitions) {
  auto zone = TimeZone::load("America/New_York");
  // 2026-03-08 02:00 EST → 03:00 EDT (07:00 UTC); 2026-11-01 02:00 EDT → 01:00 EST (06:00 UTC).
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 6, 59, 59)), -5h);
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 7, 0)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2026, 11, 1, 5, 59, 59)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2026, 11, 1, 6, 0)), -5h);
  const LocalTimeType summer = zone->type_at(utc(2026, 7, 4, 12, 0));
  EXPECT_EQ(summer.abbreviation, "EDT");
  EXPECT_TRUE(summer.is_dst);
  EXPECT_EQ(zone->type_at(utc(2026, 12, 25, 12, 0)).abbreviation, "EST");
  const ZonePeriod period = zone->period_at(utc(2026, 7, 4, 12, 0));
  EXPECT_EQ(period.begin, utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(period.end, utc(2026, 11, 1, 6, 0));
  EXPECT_EQ(period.offset, -4h);
}

TEST(TimeZone, NewYorkIn2040FollowsTheFooterRule) {
  // Past the file's last transition (2037 in a fat file, 2007 in a slim one).
  auto zone = TimeZone::load("America/New_York");
  EXPECT_EQ(zone->offset_at(utc(2040, 3, 11, 6, 59, 59)), -5h);
  EXPECT_EQ(zone->offset_at(utc(2040, 3, 11, 7, 0)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2040, 11, 4, 5, 59, 59)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2040, 11, 4, 6, 0)), -5h);
  const ZonePeriod period = zone->period_at(utc(2040, 7, 4, 0, 0));
  EXPECT_EQ(period.begin, utc(2040, 3, 11, 7, 0));
  EXPECT_EQ(period.end, utc(2040, 11, 4, 6, 0));
  EXPECT_EQ(zone->type_at(utc(2040, 7, 4, 0, 0)).abbreviation, "EDT");
}

TEST(TimeZone, London) {
  auto zone = TimeZone::load("Europe/London");
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 29, 0, 59, 59)), 0s);
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 29, 1, 0)), 1h);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 25, 0, 59, 59)), 1h);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 25, 1, 0)), 0s);
  EXPECT_EQ(zone->type_at(utc(2026, 6, 1, 0, 0)).abbreviation, "BST");
  EXPECT_EQ(zone->type_at(utc(2045, 1, 1, 0, 0)).abbreviation, "GMT");
}

TEST(TimeZone, LordHoweHasHalfHourDst) {
  auto zone = zone_or_skip("Australia/Lord_Howe");
  if (!zone) GTEST_SKIP() << "no Australia/Lord_Howe";
  EXPECT_EQ(zone->offset_at(utc(2026, 4, 4, 14, 59, 59)), 11h);
  EXPECT_EQ(zone->offset_at(utc(2026, 4, 4, 15, 0)), 10h + 30min);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 3, 15, 29, 59)), 10h + 30min);
  EXPECT_EQ(zone->offset_at(utc(2026, 10, 3, 15, 30)), 11h);
  EXPECT_EQ(zone->offset_at(utc(2040, 10, 6, 15, 30)), 11h);
  EXPECT_EQ(zone->offset_at(utc(2040, 3, 31, 15, 0)), 10h + 30min);
}

TEST(TimeZone, ChathamIsTwelveFortyFiveAhead) {
  auto zone = zone_or_skip("Pacific/Chatham");
  if (!zone) GTEST_SKIP() << "no Pacific/Chatham";
  EXPECT_EQ(zone->offset_at(utc(2026, 4, 4, 13, 59, 59)), 13h + 45min);
  EXPECT_EQ(zone->offset_at(utc(2026, 4, 4, 14, 0)), 12h + 45min);
  EXPECT_EQ(zone->offset_at(utc(2026, 9, 26, 13, 59, 59)), 12h + 45min);
  EXPECT_EQ(zone->offset_at(utc(2026, 9, 26, 14, 0)), 13h + 45min);
  EXPECT_EQ(zone->type_at(utc(2026, 12, 1, 0, 0)).abbreviation, "+1345");
}

TEST(TimeZone, LoadsAreCachedAndSharedAcrossThreads) {
  auto first = TimeZone::load("Europe/Paris");
  EXPECT_EQ(TimeZone::load("Europe/Paris"), first);
  std::vector<std::shared_ptr<const TimeZone>> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back(
        [&seen, i] { seen[i] = TimeZone::load(i % 2 ? "Asia/Tokyo" : "Europe/Paris"); });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], seen[i % 2]);
  EXPECT_EQ(seen[0], first);
}

std::string load_error(const std::string& name) {
  try {
    TimeZone::load(name);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected '" << name << "' to fail";
  return "";
}

TEST(TimeZone, MissingZoneIsAnErrorNamingIt) {
  const std::string missing = load_error("Mars/Olympus");
  EXPECT_NE(missing.find("unknown time zone 'Mars/Olympus'"), std::string::npos) << missing;
  EXPECT_NE(load_error("America").find("'America'"), std::string::npos);  // a directory
  EXPECT_NE(load_error("../../etc/passwd").find("not an IANA name"), std::string::npos);
  EXPECT_NE(load_error("/etc/localtime").find("not an IANA name"), std::string::npos);
  EXPECT_NE(load_error("").find("unknown time zone"), std::string::npos);
}

TEST(TimeZone, CorruptFileIsAnErrorNamingTheZone) {
  // zone.tab sits beside the zone files but is text, not TZif.
  const std::string text = load_error("zone.tab");
  EXPECT_NE(text.find("'zone.tab'"), std::string::npos) << text;
  EXPECT_NE(text.find("not a valid zone file"), std::string::npos) << text;

  std::ifstream in("/usr/share/zoneinfo/America/New_York", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string whole = bytes.str();
  ASSERT_GT(whole.size(), 100u);
  EXPECT_NO_THROW(TimeZone::from_tzif("Copy/New_York", whole));
  for (std::size_t cut : {std::size_t{10}, std::size_t{60}, whole.size() / 2, whole.size() - 30}) {
    try {
      TimeZone::from_tzif("Cut/New_York", whole.substr(0, cut));
      ADD_FAILURE() << "a file cut at " << cut << " loaded";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("'Cut/New_York'"), std::string::npos) << e.what();
    }
  }
}

TEST(TimeZone, LeapSecondZonesAreRefused) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/right/UTC")) GTEST_SKIP() << "no right/ zones";
  EXPECT_NE(load_error("right/UTC").find("leap-second"), std::string::npos);
}

TEST(TimeZone, SlimFileWithoutTransitionsUsesTheFooter) {
  test::TzifBuilder slim;
  slim.type(-5 * 3600, false, "EST").footer("EST5EDT,M3.2.0,M11.1.0");
  auto zone = TimeZone::from_tzif("Slim/New_York", slim.bytes());
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 6, 59, 59)), -5h);
  EXPECT_EQ(zone->offset_at(utc(2026, 3, 8, 7, 0)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2026, 11, 1, 6, 0)), -5h);
  EXPECT_EQ(zone->type_at(utc(2026, 7, 1, 0, 0)).abbreviation, "EDT");
}

TEST(TimeZone, SlimFileUsesTransitionsThenTheFooter) {
  // As `zic -b slim` writes Port-au-Prince: data up to the last rule change, then the footer.
  test::TzifBuilder slim;
  slim.type(-5 * 3600, false, "EST")
      .type(-4 * 3600, true, "EDT")
      .transition(utc(2016, 3, 13, 7, 0), 1)
      .transition(utc(2016, 11, 6, 6, 0), 0)
      .footer("EST5EDT,M3.2.0,M11.1.0");
  auto zone = TimeZone::from_tzif("Slim/Port-au-Prince", slim.bytes());
  EXPECT_EQ(zone->offset_at(utc(2016, 1, 1, 0, 0)), -5h);  // before the first: type 0
  EXPECT_EQ(zone->offset_at(utc(2016, 7, 1, 0, 0)), -4h);
  EXPECT_EQ(zone->offset_at(utc(2026, 7, 1, 0, 0)), -4h);
  // The period after the last transition starts there, not at the footer's earlier change.
  const ZonePeriod winter = zone->period_at(utc(2016, 12, 1, 0, 0));
  EXPECT_EQ(winter.begin, utc(2016, 11, 6, 6, 0));
  EXPECT_EQ(winter.end, utc(2017, 3, 12, 7, 0));
  EXPECT_EQ(zone->period_at(utc(2016, 1, 1, 0, 0)).begin, sys_seconds::min());
  EXPECT_EQ(zone->period_at(utc(2016, 1, 1, 0, 0)).end, utc(2016, 3, 13, 7, 0));
}

TEST(TimeZone, VersionOneFileHasNoFooter) {
  test::TzifBuilder v1;
  v1.version('\0')
      .type(3600, false, "CET")
      .type(7200, true, "CEST")
      .transition(utc(2026, 3, 29, 1, 0), 1)
      .transition(utc(2026, 10, 25, 1, 0), 0);
  auto zone = TimeZone::from_tzif("Old/Berlin", v1.bytes());
  EXPECT_EQ(zone->offset_at(utc(2026, 6, 1, 0, 0)), 2h);
  EXPECT_EQ(zone->offset_at(utc(2030, 6, 1, 0, 0)), 1h);  // the last type, for ever
  EXPECT_EQ(zone->period_at(utc(2030, 6, 1, 0, 0)).end, sys_seconds::max());
}

TEST(TimeZone, MalformedDataIsRefused) {
  auto fails = [](test::TzifBuilder builder) {
    try {
      TimeZone::from_tzif("Bad/Zone", builder.bytes());
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  test::TzifBuilder bad_type;
  bad_type.type(0, false, "UTC").transition(utc(2020, 1, 1, 0, 0), 3);
  EXPECT_NE(fails(bad_type).find("unknown type"), std::string::npos);
  test::TzifBuilder unordered;
  unordered.type(0, false, "A")
      .transition(utc(2021, 1, 1, 0, 0), 0)
      .transition(utc(2020, 1, 1, 0, 0), 0);
  EXPECT_NE(fails(unordered).find("ascending"), std::string::npos);
  test::TzifBuilder bad_footer;
  bad_footer.type(0, false, "UTC").footer("EST5EDT,M13.1.0,M11.1.0");
  const std::string footer = fails(bad_footer);
  EXPECT_NE(footer.find("footer TZ string 'EST5EDT,M13.1.0,M11.1.0'"), std::string::npos) << footer;
  EXPECT_NE(footer.find("'Bad/Zone'"), std::string::npos) << footer;
}

// glibc reads the same files on its own: `TZ=<zone> date` must agree on every zone in
// zone1970.tab at instants around today, in 2040 (the footer) and in the past.
TEST(TimeZone, AgreesWithDateOnEveryZone) {
  std::ifstream table("/usr/share/zoneinfo/zone1970.tab");
  if (!table) GTEST_SKIP() << "no zone1970.tab";
  std::vector<std::string> zones;
  for (std::string line; std::getline(table, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string codes, coordinates, name;
    fields >> codes >> coordinates >> name;
    zones.push_back(name);
  }
  ASSERT_GT(zones.size(), 100u);
  std::vector<sys_seconds> instants;
  for (int y : {1975, 2000, 2026, 2027, 2040, 2077}) {
    for (unsigned m = 1; m <= 12; m += 1)
      instants.push_back(utc(y, m, 1 + (m * 2) % 28, (m * 5) % 24, 0));
  }
  std::ostringstream input;
  for (auto t : instants) input << '@' << t.time_since_epoch().count() << '\n';
  const std::filesystem::path dates =
      std::filesystem::temp_directory_path() / ("intake-tz-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(dates) << input.str();
  int checked = 0;
  for (const std::string& name : zones) {
    const std::string command = "TZ=':" + name + "' date -f '" + dates.string() + "' +%z";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    if (::pclose(pipe) != 0) continue;  // no date here: nothing to compare
    auto zone = TimeZone::load(name);
    std::istringstream lines(output);
    for (auto t : instants) {
      std::string z;
      lines >> z;
      ASSERT_EQ(z.size(), 5u) << name;
      const int sign = z[0] == '-' ? -1 : 1;
      const seconds expected =
          sign * (hours(std::stoi(z.substr(1, 2))) + minutes(std::stoi(z.substr(3, 2))));
      // %z drops seconds (toward zero).
      EXPECT_EQ(duration_cast<minutes>(zone->offset_at(t)), expected)
          << name << " at " << t.time_since_epoch().count();
      ++checked;
    }
  }
  std::filesystem::remove(dates);
  if (checked == 0) GTEST_SKIP() << "no `date` command";
}

}  // namespace
}  // namespace intake
