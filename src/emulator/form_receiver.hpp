#pragma once
// The Form Submission API (/a/<domain>/receiver/[<app_id>/]): an XForm (raw or in the
// multipart part xml_submission_file) → a stored form and its case blocks applied, answered
// with OpenRosa XML as HQ does.

#include <string>

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

Response handle_form_submission(State& state, const CallContext& call, const Request& request,
                                const std::string& app_id);

// <OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="...">
Response openrosa_response(int status, const std::string& nature, const std::string& message);

}  // namespace intake::emulator
