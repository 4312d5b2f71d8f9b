#pragma once
// An independent, deliberately naive jsonb @> for the property test: written from the PG
// manual, sharing no code with src/filter.

#include <nlohmann/json.hpp>

namespace intake::filter::test {

bool reference_contains(const nlohmann::json& doc, const nlohmann::json& fragment);

}  // namespace intake::filter::test
