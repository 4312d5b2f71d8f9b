#pragma once
// HQ's API authentication: "ApiKey <username>:<key>" or Basic, against the users file; then
// project membership. Answers as HQ's decorators do: 401 with an empty body (and a challenge
// when no credentials came), 403 with an empty body for a user outside the project.

#include <optional>
#include <string_view>
#include <vector>

#include "emulator/http_types.hpp"
#include "intake/emulator/users.hpp"

namespace intake::emulator {

// HQ's default when no Authorization header came: Digest for the APIs (api_auth), Basic for
// the form receiver (mobile_auth). It decides the WWW-Authenticate challenge.
enum class DefaultAuth { digest, basic };

struct AuthOutcome {
  const User* user = nullptr;       // set when allowed
  std::optional<Response> refusal;  // set when not
};

AuthOutcome authenticate(const Request& request, const std::vector<User>& users,
                         std::string_view domain, DefaultAuth default_auth);

}  // namespace intake::emulator
