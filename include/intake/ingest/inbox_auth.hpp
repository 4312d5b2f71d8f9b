#pragma once
// Per-inbox authentication of forwarding requests. Several credentials may be live at once
// (rotation): any one that matches lets the request in. Comparisons take constant time.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "intake/config/config.hpp"

namespace intake {

enum class AuthDecision { allowed, missing_credentials, wrong_credentials };

// Returns the value of a request header by lower-case name, if present.
using HeaderLookup = std::function<std::optional<std::string_view>(std::string_view)>;

AuthDecision authorize(const InboxConfig& inbox, const HeaderLookup& header);

// The WWW-Authenticate challenge for a 401 from this inbox ("" when none applies).
std::string auth_challenge(const InboxConfig& inbox);

// True when a and b are equal; the time taken does not depend on where they differ or on b.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace intake
