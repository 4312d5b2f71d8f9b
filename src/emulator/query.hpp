#pragma once
// Query strings and path segments: decoding what clients send, encoding the next-page URLs.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace intake::emulator {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y&c" → {{"a","1"},{"b","x y"},{"c",""}}; '+' is a space, as in HTML forms.
QueryParams parse_query(std::string_view query);

// Percent-decoding ('+' stays '+'). Invalid escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// Encodes everything but unreserved characters (RFC 3986).
std::string percent_encode(std::string_view text);

std::string build_query(const QueryParams& params);

// The last value of `name`, if present.
std::optional<std::string> param(const QueryParams& params, std::string_view name);

}  // namespace intake::emulator
