#pragma once
// Small values HQ's APIs deal in: server timestamps, ids, property names, base64.

#include <optional>
#include <string>
#include <string_view>

namespace intake::emulator {

// Now, as HQ writes server times: "2024-05-01T10:20:30.123456Z". Strictly increasing within
// the process, so items stamped one after the other sort in that order.
std::string hq_now();

// 8-4-4-4-12 hexadecimal digits.
bool is_uuid(std::string_view text);

// A stable 32-hex-digit id for a username (HQ's user ids look like this).
std::string user_id_for(std::string_view username);

// HQ's rule for case property and index names (XML element names): not blank, letters, digits,
// '_', '-' and '.', not starting with a digit, '-', '.' or "xml".
bool is_valid_property_name(std::string_view name);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace intake::emulator
