#pragma once
// Numbers by value across nlohmann's three number types (int64, uint64, double), exactly:
// no conversion through double, so integers beyond 2^53 stay distinct.

#include <compare>
#include <string>

#include <nlohmann/json.hpp>

namespace intake::filter::detail {

// Both arguments must be numbers. Unordered only when a NaN is involved.
std::partial_ordering compare_numbers(const nlohmann::json& a, const nlohmann::json& b);

// A string equal for two numbers exactly when compare_numbers says equivalent (1, 1.0, 1e0 →
// "1"). Used as a hash key by the trigger index.
std::string number_key(const nlohmann::json& number);

}  // namespace intake::filter::detail
