#include "app/inspect_format.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <vector>

namespace intake::inspect {

std::string utc_time(std::int64_t unix_ms, bool milliseconds) {
  std::int64_t seconds = unix_ms / 1000;
  std::int64_t millis = unix_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(text, n);
  if (milliseconds) {
    std::snprintf(text, sizeof text, ".%03d", static_cast<int>(millis));
    out += text;
  }
  return out + "Z";
}

std::string duration(std::int64_t ms) {
  if (ms < 0) ms = 0;
  char text[48];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%lld ms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000);
  } else {
    const long long s = ms / 1000;
    if (s < 3600) {
      std::snprintf(text, sizeof text, "%lldm %02llds", s / 60, s % 60);
    } else if (s < 86'400) {
      std::snprintf(text, sizeof text, "%lldh %02lldm", s / 3600, s % 3600 / 60);
    } else {
      std::snprintf(text, sizeof text, "%lldd %02lldh", s / 86'400, s % 86'400 / 3600);
    }
  }
  return text;
}

std::string byte_size(std::size_t bytes) {
  char text[32];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%zu B", bytes);
  } else if (bytes < (1u << 20)) {
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024);
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
  }
  return text;
}

std::string relative(std::int64_t at_ms, std::int64_t now_ms) {
  if (at_ms >= now_ms) return "in " + duration(at_ms - now_ms);
  return duration(now_ms - at_ms) + " ago";
}

bool is_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
  const auto end = text.find_first_of("\r\n");
  bool cut = end != std::string_view::npos && text.find_first_not_of(" \t\r\n", end) != text.npos;
  text = text.substr(0, end);
  if (text.size() > max_bytes) {
    std::size_t size = max_bytes;
    while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
    text = text.substr(0, size);
    cut = true;
  }
  return std::string(text) + (cut ? "…" : "");
}

std::optional<nlohmann::ordered_json> parse_json(std::string_view text) {
  auto value = nlohmann::ordered_json::parse(text, nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

std::string pretty(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace intake::inspect
