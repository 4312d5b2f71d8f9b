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

std::string dedupe_key(const std::vector<std::string>& pointers, const nlohmann::json& view,
                       std::string_view body) {
  if (!pointers.empty()) {
    std::string material;
    bool complete = true;
    for (const auto& pointer : pointers) {
      const nlohmann::json::json_pointer ptr(pointer);
      // A null field identifies nothing: treat it as missing, or every message whose field is
      // null would be taken for the first one and never stored.
      if (!view.contains(ptr) || view.at(ptr).is_null()) {
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
