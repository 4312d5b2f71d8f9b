#include "adaptors/commcare/submit_form_ids.hpp"

#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <ctime>

namespace intake::adaptors::commcare {
namespace {

// intake's UUID namespace (a fixed random UUID): 0b6b7c5e-4f0a-4d2e-9c1a-6a1f3e2d8b47.
constexpr std::array<unsigned char, 16> kNamespace = {
    0x0b, 0x6b, 0x7c, 0x5e, 0x4f, 0x0a, 0x4d, 0x2e, 0x9c, 0x1a, 0x6a, 0x1f, 0x3e, 0x2d, 0x8b, 0x47};

}  // namespace

std::string uuid_from_name(const std::string& name) {
  std::string input(kNamespace.begin(), kNamespace.end());
  input += name;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0x0f];
  }
  return out;
}

std::string iso_millis(std::chrono::system_clock::time_point at) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buffer;
}

}  // namespace intake::adaptors::commcare
