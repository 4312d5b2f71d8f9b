#pragma once
// Case API v2 reads: the cursor-paginated list with HQ's filters, and `fields` / `exclude`.

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/http_types.hpp"
#include "emulator/query.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

// GET /a/<domain>/api/case/v2/?... → {"matching_records", "cases", "next"?}.
Response list_cases(const State& state, const CallContext& call, const Request& request);

// Applies `fields` / `exclude` (and their dot-param forms) to one serialized case. Returns an
// error message in `error` when both are given.
nlohmann::json trim_case_fields(const nlohmann::json& case_json, const QueryParams& params);
std::string check_field_params(const QueryParams& params);

}  // namespace intake::emulator
