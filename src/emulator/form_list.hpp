#pragma once
// The Form Data API lists (/a/<domain>/api/v0.5/form/ and /api/form/v1/) and single forms:
// offset pagination with the {"meta", "objects"} envelope and a relative meta.next.

#include <string>

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

// `form_id` empty: the list; else one form.
Response handle_form_list(const State& state, const CallContext& call, const Request& request,
                          const std::string& form_id);

}  // namespace intake::emulator
