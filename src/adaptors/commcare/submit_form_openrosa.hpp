#pragma once
// Reads HQ's OpenRosa answer to a form submission:
// <OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="…">…</message>.

#include <string>

namespace intake::adaptors::commcare {

struct OpenRosaAnswer {
  bool parsed = false;  // the body was an OpenRosaResponse
  std::string nature;   // submit_success | submit_error | processing_failure | …
  std::string message;  // the message text, trimmed
};

OpenRosaAnswer read_openrosa_answer(const std::string& body);

}  // namespace intake::adaptors::commcare
