#pragma once
// RFC 6901 JSON pointers, for error messages and explanations.

#include <string>
#include <string_view>

namespace intake::filter::detail {

// pointer + "/" + token with "~" → "~0" and "/" → "~1".
std::string append_pointer(std::string_view pointer, std::string_view token);

}  // namespace intake::filter::detail
