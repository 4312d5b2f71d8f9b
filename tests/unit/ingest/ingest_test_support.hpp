#pragma once
// Helpers for the ingest tests: request headers from a std::map, Base64 for Basic credentials,
// and credentials for an InboxConfig.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "intake/config/config.hpp"
#include "intake/ingest/inbox_auth.hpp"

namespace intake::test {

using HeaderMap = std::map<std::string, std::string>;

// A header lookup over lower-case names; the map is shared so the lookup may outlive the caller.
inline HeaderLookup headers_of(HeaderMap headers) {
  auto shared = std::make_shared<const HeaderMap>(std::move(headers));
  return [shared](std::string_view name) -> std::optional<std::string_view> {
    auto it = shared->find(std::string(name));
    if (it == shared->end()) return std::nullopt;
    return std::string_view(it->second);
  };
}

inline std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

inline std::string basic_header(std::string_view user, std::string_view password) {
  return "Basic " + base64(std::string(user) + ":" + std::string(password));
}

inline AuthCredential api_key_credential(std::string key, std::string header = "x-api-key") {
  AuthCredential c;
  c.type = AuthType::api_key;
  c.header = std::move(header);
  c.key = Secret(std::move(key));
  return c;
}

inline AuthCredential basic_credential(std::string user, std::string password) {
  AuthCredential c;
  c.type = AuthType::basic;
  c.username = std::move(user);
  c.password = Secret(std::move(password));
  return c;
}

inline AuthCredential bearer_credential(std::string token) {
  AuthCredential c;
  c.type = AuthType::bearer;
  c.token = Secret(std::move(token));
  return c;
}

inline InboxConfig inbox_with(std::vector<AuthCredential> auth, std::string name = "commcare") {
  InboxConfig inbox;
  inbox.name = std::move(name);
  inbox.auth = std::move(auth);
  return inbox;
}

}  // namespace intake::test
