#pragma once
// Routes one request: control endpoints, then (recorded) HQ endpoints with failure injection,
// authentication and project checks in HQ's order.

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

// Handles `request` with state.mutex held by the caller.
Response route(State& state, const Request& request);

}  // namespace intake::emulator
