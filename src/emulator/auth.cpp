#include "emulator/auth.hpp"

#include <cctype>
#include <string>

#include "emulator/hq_values.hpp"

namespace intake::emulator {
namespace {

bool has_scheme(std::string_view value, std::string_view scheme) {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

Response unauthorized(std::optional<DefaultAuth> challenge) {
  Response response = empty_response(401);
  if (challenge == DefaultAuth::basic) {
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"commcarehq\"");
  } else if (challenge == DefaultAuth::digest) {
    response.headers.emplace_back(
        "WWW-Authenticate",
        "Digest realm=\"DJANGO\", qop=\"auth\", nonce=\"emulator\", opaque=\"emulator\"");
  }
  return response;
}

const User* find_user(const std::vector<User>& users, std::string_view username,
                      std::string_view secret, bool api_key) {
  for (const User& user : users) {
    const std::string& expected = api_key ? user.api_key : user.password;
    if (user.username == username && !expected.empty() && expected == secret) return &user;
  }
  return nullptr;
}

}  // namespace

AuthOutcome authenticate(const Request& request, const std::vector<User>& users,
                         std::string_view domain, DefaultAuth default_auth) {
  AuthOutcome outcome;
  const auto header = request.header("authorization");
  if (!header) {
    outcome.refusal = unauthorized(default_auth);
    return outcome;
  }
  const User* user = nullptr;
  if (has_scheme(*header, "apikey")) {
    const std::string_view credentials = trimmed(header->substr(7));
    const auto colon = credentials.rfind(':');
    if (colon != std::string_view::npos) {
      user = find_user(users, credentials.substr(0, colon), credentials.substr(colon + 1), true);
    }
    if (!user) outcome.refusal = unauthorized(std::nullopt);
  } else if (has_scheme(*header, "basic")) {
    const auto decoded = base64_decode(trimmed(header->substr(6)));
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      user = find_user(users, std::string_view(*decoded).substr(0, colon),
                       std::string_view(*decoded).substr(colon + 1), false);
    }
    if (!user) outcome.refusal = unauthorized(DefaultAuth::basic);
  } else {
    // Digest, Bearer and others are not emulated: refused like wrong credentials.
    outcome.refusal = unauthorized(default_auth);
  }
  if (!user) return outcome;
  for (const auto& member_of : user->domains) {
    if (member_of == domain) {
      outcome.user = user;
      return outcome;
    }
  }
  outcome.refusal = empty_response(403);
  return outcome;
}

}  // namespace intake::emulator
