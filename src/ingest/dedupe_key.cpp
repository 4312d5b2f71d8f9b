#include "intake/ingest/dedupe_key.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace intake {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

namespace {

// A non-integer number, or an integer too large for 64 bits, reaches the view as a double: two
// different values in the body ("123456789012345678901234567890" and "...891", or 1e-400 and
// 3e-400) can become the same double, and the second message would be taken for a resend.
bool holds_inexact_number(const nlohmann::json& value) {
  if (value.is_number_float()) return true;
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (holds_inexact_number(item)) return true;
    }
  }
  return false;
}

}  // namespace

std::string dedupe_key(const std::vector<std::string>& pointers, const nlohmann::json& view,
                       std::string_view body) {
  if (!pointers.empty()) {
    std::string material;
    bool complete = true;
    for (const auto& pointer : pointers) {
      const nlohmann::json::json_pointer ptr(pointer);
      // A null field identifies nothing: treat it as missing, or every message whose field is
      // null would be taken for the first one and never stored.
      // A number the view may hold inexactly cannot tell messages apart either: the whole
      // body decides then (an exact resend is still one message).
      if (!view.contains(ptr) || view.at(ptr).is_null() || holds_inexact_number(view.at(ptr))) {
        complete = false;
        break;
      }
      material += pointer;
      material += '=';
      material += view.at(ptr).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      material += '\n';
    }
    if (complete) return "fields:" + sha256_hex(material);
  }
  return "sha256:" + sha256_hex(body);
}

}  // namespace intake
