#include "store/dedupe_column.hpp"

#include <array>

namespace intake::store {
namespace {

struct Prefix {
  char kind;
  std::string_view text;
};
constexpr std::array<Prefix, 2> kPrefixes = {{{'\x01', "sha256:"}, {'\x02', "fields:"}}};
constexpr std::size_t kDigestBytes = 32;
constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is not canonical: such a key stays text, so it round-trips exactly
}

}  // namespace

DedupeColumn encode_dedupe_key(std::string_view key) {
  if (key.empty()) return {};
  for (const Prefix& prefix : kPrefixes) {
    if (key.size() != prefix.text.size() + 2 * kDigestBytes || !key.starts_with(prefix.text)) {
      continue;
    }
    std::string bytes(1 + kDigestBytes, prefix.kind);
    const std::string_view hex = key.substr(prefix.text.size());
    for (std::size_t i = 0; i < kDigestBytes; ++i) {
      const int high = hex_value(hex[2 * i]);
      const int low = hex_value(hex[2 * i + 1]);
      if (high < 0 || low < 0) return {DedupeColumn::Kind::text, std::string(key)};
      bytes[1 + i] = static_cast<char>((high << 4) | low);
    }
    return {DedupeColumn::Kind::blob, std::move(bytes)};
  }
  return {DedupeColumn::Kind::text, std::string(key)};
}

std::string decode_dedupe_blob(std::string_view blob) {
  if (blob.size() == 1 + kDigestBytes) {
    for (const Prefix& prefix : kPrefixes) {
      if (blob[0] != prefix.kind) continue;
      std::string key(prefix.text);
      key.reserve(prefix.text.size() + 2 * kDigestBytes);
      for (std::size_t i = 1; i < blob.size(); ++i) {
        const auto byte = static_cast<unsigned char>(blob[i]);
        key += kHex[byte >> 4];
        key += kHex[byte & 0x0F];
      }
      return key;
    }
  }
  return std::string(blob);  // not written by encode_dedupe_key: hand it back as it is
}

}  // namespace intake::store
