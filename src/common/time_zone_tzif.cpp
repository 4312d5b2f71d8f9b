// TZif files (RFC 8536): the version 2+ 64-bit data block and the footer, or the 32-bit block of
// a version 1 file.

#include <algorithm>
#include <stdexcept>

#include "common/time_zone_rules.hpp"

namespace intake::time_zone_detail {
namespace {

constexpr std::size_t kHeaderSize = 44;

class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data) {}

  std::size_t left() const { return data_.size() - pos_; }
  std::string_view take(std::size_t n, const char* what) {
    if (n > left()) throw std::invalid_argument(std::string("truncated ") + what);
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t big_endian(std::size_t n, const char* what) {
    std::uint64_t value = 0;
    for (unsigned char c : take(n, what)) value = value << 8 | c;
    return value;
  }
  std::int64_t time(std::size_t size, const char* what) {
    const std::uint64_t raw = big_endian(size, what);
    if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(raw));
    return static_cast<std::int64_t>(raw);
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  // The data block's size for times of `time_size` bytes.
  std::uint64_t block_size(std::uint64_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6ull + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

Header read_header(Bytes& in) {
  if (in.take(4, "header") != "TZif") throw std::invalid_argument("not a TZif file (no magic)");
  Header h;
  h.version = in.take(1, "header")[0];
  in.take(15, "header");
  h.isutcnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  h.isstdcnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  h.leapcnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  h.timecnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  h.typecnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  h.charcnt = static_cast<std::uint32_t>(in.big_endian(4, "header"));
  return h;
}

// Checks the counts of the block about to be read (a version 2+ reader skips the first block).
void check_counts(const Header& h, std::size_t time_size, const Bytes& in) {
  if (h.typecnt == 0) throw std::invalid_argument("no local time types");
  if (h.typecnt > 256) throw std::invalid_argument("more than 256 local time types");
  if (h.charcnt == 0) throw std::invalid_argument("no time zone abbreviations");
  if ((h.isstdcnt != 0 && h.isstdcnt != h.typecnt) || (h.isutcnt != 0 && h.isutcnt != h.typecnt)) {
    throw std::invalid_argument("standard/UT indicator counts do not match the type count");
  }
  if (h.leapcnt != 0) {
    throw std::invalid_argument("leap-second records are not supported (a right/ zone?)");
  }
  if (h.block_size(time_size) > in.left()) throw std::invalid_argument("truncated data block");
}

Rules read_block(Bytes& in, const Header& h, std::size_t time_size) {
  check_counts(h, time_size, in);
  Rules rules;
  rules.transitions.reserve(h.timecnt);
  for (std::uint32_t i = 0; i < h.timecnt; ++i) {
    const std::int64_t at = in.time(time_size, "transition times");
    if (!rules.transitions.empty() && at <= rules.transitions.back()) {
      throw std::invalid_argument("transition times are not ascending");
    }
    rules.transitions.push_back(at);
  }
  for (std::uint32_t i = 0; i < h.timecnt; ++i) {
    const auto type = static_cast<std::uint8_t>(in.big_endian(1, "transition types"));
    if (type >= h.typecnt) throw std::invalid_argument("a transition names an unknown type");
    rules.transition_types.push_back(type);
  }
  std::vector<std::uint8_t> designations;
  for (std::uint32_t i = 0; i < h.typecnt; ++i) {
    LocalType type;
    const auto offset =
        static_cast<std::int32_t>(static_cast<std::uint32_t>(in.big_endian(4, "types")));
    // RFC 8536: -2**31 is invalid; real offsets are within a day.
    if (offset <= -86400 || offset >= 86400) throw std::invalid_argument("UTC offset out of range");
    type.offset = offset;
    type.is_dst = in.big_endian(1, "types") != 0;
    designations.push_back(static_cast<std::uint8_t>(in.big_endian(1, "types")));
    rules.types.push_back(std::move(type));
  }
  const std::string_view chars = in.take(h.charcnt, "abbreviations");
  for (std::size_t i = 0; i < rules.types.size(); ++i) {
    if (designations[i] >= chars.size()) {
      throw std::invalid_argument("an abbreviation index is out of range");
    }
    const std::string_view rest = chars.substr(designations[i]);
    rules.types[i].abbreviation = std::string(rest.substr(0, rest.find('\0')));
  }
  in.take(h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt, "indicators");
  return rules;
}

}  // namespace

Rules parse_tzif(std::string_view bytes) {
  Bytes in(bytes);
  const Header first = read_header(in);
  if (first.version == 0) return read_block(in, first, 4);  // version 1: no 64-bit data, no footer
  if (first.version < '2') throw std::invalid_argument("unknown TZif version");
  if (first.block_size(4) > in.left())
    throw std::invalid_argument("truncated version 1 data block");
  in.take(first.block_size(4), "version 1 data block");
  const Header second = read_header(in);
  Rules rules = read_block(in, second, 8);
  if (in.left() == 0) return rules;
  if (in.take(1, "footer") != "\n")
    throw std::invalid_argument("footer does not start with a newline");
  const std::string_view rest = in.take(in.left(), "footer");
  const std::size_t newline = rest.find('\n');
  if (newline == std::string_view::npos)
    throw std::invalid_argument("footer does not end with a newline");
  const std::string_view tz = rest.substr(0, newline);
  if (!tz.empty()) {
    try {
      rules.footer = parse_posix_tz(tz);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("footer TZ string '" + std::string(tz) + "': " + e.what());
    }
  }
  return rules;
}

Span span_at(const Rules& rules, std::int64_t t) {
  const auto& times = rules.transitions;
  const auto next = std::upper_bound(times.begin(), times.end(), t);
  if (next == times.end()) {
    // After the last transition (or there is none): the footer's rule, else the last type.
    const std::int64_t last = times.empty() ? kNoBegin : times.back();
    if (rules.footer) {
      Span span = rule_span_at(*rules.footer, t);
      span.begin = std::max(span.begin, last);
      return span;
    }
    return {last, kNoEnd, &rules.types[times.empty() ? 0 : rules.transition_types.back()]};
  }
  if (next == times.begin()) return {kNoBegin, *next, &rules.types[0]};
  const auto index = static_cast<std::size_t>(next - times.begin()) - 1;
  return {times[index], *next, &rules.types[rules.transition_types[index]]};
}

}  // namespace intake::time_zone_detail
