#pragma once
// What each `$` operator means on a present value and on a missing key.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "filter/node.hpp"

namespace intake::filter::detail {

std::optional<OperatorKind> operator_from_name(std::string_view name);
std::string_view operator_name(OperatorKind kind);

// The value at the operator's place exists and is `value`.
bool operator_holds(const Operator& op, const nlohmann::json& value);

// The key the operator sits under is absent: only $ne, $nin and $exists:false hold.
bool operator_holds_when_missing(const Operator& op);

// "$gte \"2024-01-01\"", for explanations.
std::string describe_operator(const Operator& op);

}  // namespace intake::filter::detail
