#include "intake/common/ids.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>

namespace intake {
namespace {

std::string format_uuid(const std::array<std::uint8_t, 16>& b) {
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

struct Generator {
  std::mutex mutex;
  std::mt19937_64 rng{std::random_device{}() ^ (std::uint64_t(std::random_device{}()) << 32)};
  std::int64_t last_ms = 0;
  std::uint64_t counter = 0;  // 12-bit rand_a field used as a counter within one millisecond
};

Generator& generator() {
  static Generator g;
  return g;
}

}  // namespace

std::int64_t unix_millis_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string new_uuid_v7() {
  auto& g = generator();
  std::array<std::uint8_t, 16> b{};
  std::uint64_t ms, seq, rand_b;
  {
    std::lock_guard lock(g.mutex);
    std::int64_t now = unix_millis_now();
    if (now > g.last_ms) {
      g.last_ms = now;
      g.counter = g.rng() & 0x3FF;  // random start, leaves room to count up within the ms
    } else if (++g.counter > 0xFFF) {
      ++g.last_ms;  // counter exhausted (or clock went back): borrow the next millisecond
      g.counter = 0;
    }
    ms = static_cast<std::uint64_t>(g.last_ms);
    seq = g.counter;
    rand_b = g.rng();
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | ((seq >> 8) & 0x0F));
  b[7] = static_cast<std::uint8_t>(seq & 0xFF);
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(rand_b >> (8 * i));
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3F));
  return format_uuid(b);
}

std::string new_uuid_v4() {
  auto& g = generator();
  std::array<std::uint8_t, 16> b{};
  std::uint64_t hi, lo;
  {
    std::lock_guard lock(g.mutex);
    hi = g.rng();
    lo = g.rng();
  }
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<std::uint8_t>(hi >> (8 * i));
    b[8 + i] = static_cast<std::uint8_t>(lo >> (8 * i));
  }
  b[6] = static_cast<std::uint8_t>(0x40 | (b[6] & 0x0F));
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3F));
  return format_uuid(b);
}

}  // namespace intake
