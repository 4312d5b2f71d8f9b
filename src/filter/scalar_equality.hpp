#pragma once
// jsonb scalar equality: same JSON type, equal value; numbers by value.

#include <nlohmann/json.hpp>

namespace intake::filter::detail {

bool is_scalar(const nlohmann::json& value);

// False for any pair involving a container.
bool scalars_equal(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace intake::filter::detail
