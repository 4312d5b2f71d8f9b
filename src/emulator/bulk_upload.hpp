#pragma once
// The Bulk Upload Case Data API (/a/<domain>/importer/excel/bulk_upload_api/) and the status
// URL it returns. The import runs when its status is polled: the first polls answer "started"
// (state 1), then the rows are applied and the status is final (2 complete, or 3 failed).

#include "emulator/http_types.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

Response handle_bulk_upload(State& state, const CallContext& call, const Request& request);

// GET /a/<domain>/importer/history/uploads/<upload_id>/status/
Response handle_import_status(State& state, const CallContext& call, const std::string& upload_id);

// The status path for an upload (relative; HQ's status_url is this under the host).
std::string import_status_path(const std::string& domain, const std::string& upload_id);

}  // namespace intake::emulator
