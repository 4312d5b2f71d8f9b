#include "intake/ingest/inbox_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <vector>

namespace intake {
namespace {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view bytes) {
  Digest digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

bool starts_with_scheme(std::string_view value, std::string_view scheme) {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out(text.size() / 4 * 3 + 1);
  const int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  std::size_t length = static_cast<std::size_t>(written);
  // EVP_DecodeBlock counts padding as zero bytes: remove them.
  if (text.size() >= 1 && text[text.size() - 1] == '=') --length;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --length;
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

}  // namespace

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Hashing first makes the comparison independent of both lengths and contents.
  const Digest da = sha256(a);
  const Digest db = sha256(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

AuthDecision authorize(const InboxConfig& inbox, const HeaderLookup& header) {
  if (inbox.auth.empty()) return AuthDecision::allowed;
  bool presented = false;
  bool allowed = false;
  // Every credential is checked (no early exit), so timing does not reveal which one matched.
  for (const AuthCredential& credential : inbox.auth) {
    switch (credential.type) {
      case AuthType::api_key: {
        if (auto value = header(credential.header)) {
          presented = true;
          allowed |= constant_time_equals(trim(*value), credential.key.reveal());
        }
        break;
      }
      case AuthType::basic: {
        auto value = header("authorization");
        if (!value || !starts_with_scheme(*value, "basic")) break;
        presented = true;
        auto decoded = base64_decode(trim(value->substr(6)));
        if (!decoded) break;
        const std::string expected = credential.username + ":" + credential.password.reveal();
        allowed |= constant_time_equals(*decoded, expected);
        break;
      }
      case AuthType::bearer: {
        auto value = header("authorization");
        if (!value || !starts_with_scheme(*value, "bearer")) break;
        presented = true;
        allowed |= constant_time_equals(trim(value->substr(7)), credential.token.reveal());
        break;
      }
    }
  }
  if (allowed) return AuthDecision::allowed;
  return presented ? AuthDecision::wrong_credentials : AuthDecision::missing_credentials;
}

std::string auth_challenge(const InboxConfig& inbox) {
  bool basic = false, bearer = false;
  for (const auto& credential : inbox.auth) {
    basic |= credential.type == AuthType::basic;
    bearer |= credential.type == AuthType::bearer;
  }
  std::string challenge;
  if (basic) challenge = "Basic realm=\"intake/" + inbox.name + "\", charset=\"UTF-8\"";
  if (bearer) {
    challenge += (challenge.empty() ? "" : ", ");
    challenge += "Bearer realm=\"intake/" + inbox.name + "\"";
  }
  return challenge;
}

}  // namespace intake
