#pragma once
// The JSON text kept in the headers and matched_triggers columns.

#include <string>
#include <string_view>
#include <vector>

#include "intake/message.hpp"

namespace intake::store {

std::string headers_to_json(const std::vector<Header>& headers);  // [{"name":..,"value":..}]
std::vector<Header> headers_from_json(std::string_view json);

std::string strings_to_json(const std::vector<std::string>& values);  // ["a","b"]
std::vector<std::string> strings_from_json(std::string_view json);

}  // namespace intake::store
