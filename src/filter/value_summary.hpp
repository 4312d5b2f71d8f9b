#pragma once
// Short, readable renderings of JSON values for explanations.

#include <string>

#include <nlohmann/json.hpp>

namespace intake::filter::detail {

// Compact JSON, cut at about 80 bytes (on a UTF-8 boundary) with "…" appended.
std::string summarize(const nlohmann::json& value);

}  // namespace intake::filter::detail
