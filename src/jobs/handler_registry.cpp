// The built-in handlers. Adding one: a new file that defines its spec, and one line here.
#include <algorithm>

#include "intake/jobs/handler.hpp"

namespace intake::jobs {
HandlerSpec log_handler_spec();
}
namespace intake::adaptors {
jobs::HandlerSpec http_request_handler_spec();
jobs::HandlerSpec commcare_case_upsert_handler_spec();
jobs::HandlerSpec commcare_submit_form_handler_spec();
}  // namespace intake::adaptors
namespace intake::adaptors::commcare {
jobs::HandlerSpec bulk_upload_handler_spec();
jobs::HandlerSpec list_handler_spec();
}  // namespace intake::adaptors::commcare

namespace intake::jobs {

const std::vector<HandlerSpec>& handler_specs() {
  static const std::vector<HandlerSpec> specs = {
      log_handler_spec(),
      adaptors::http_request_handler_spec(),
      adaptors::commcare::bulk_upload_handler_spec(),
      adaptors::commcare::list_handler_spec(),
      adaptors::commcare_case_upsert_handler_spec(),
      adaptors::commcare_submit_form_handler_spec(),
  };
  return specs;
}

const HandlerSpec* find_handler_spec(std::string_view name) {
  const auto& specs = handler_specs();
  auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

}  // namespace intake::jobs
