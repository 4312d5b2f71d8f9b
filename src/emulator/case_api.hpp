#pragma once
// Case API v2 (/a/<domain>/api/case/v2/...): reads, single and bulk writes, upserts.

#include <string_view>

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

// `rest` is the path after "/api/case/v2" ("", "/", "/<id>", "/ext/<id>/", "/bulk-fetch/").
Response handle_case_api(State& state, const CallContext& call, const Request& request,
                         std::string_view rest);

}  // namespace intake::emulator
