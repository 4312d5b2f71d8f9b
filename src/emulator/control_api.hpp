#pragma once
// The emulator's own endpoints under /__emulator/ (no auth, never recorded, never failed):
// what it received and stored, and the failure-injection knobs, for tests that drive the
// binary over HTTP. The in-process API calls the same functions.

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

inline constexpr std::string_view kControlPrefix = "/__emulator/";

Response handle_control(State& state, const Request& request);

// Shared with CommCareEmulator (the caller holds state.mutex).
void reset_state(State& state);
nlohmann::json cases_json(const State& state);
nlohmann::json forms_json(const std::vector<StoredForm>& forms);
nlohmann::json current_forms_json(const State& state);
nlohmann::json imports_json(const State& state);

}  // namespace intake::emulator
