#pragma once
// Where a request target points: an inbox (with path suffix and query), a health probe, or nowhere.

#include <optional>
#include <string>
#include <string_view>

namespace intake::ingest_detail {

struct RequestRoute {
  enum class Kind { inbox, healthz, readyz, unknown, malformed } kind = Kind::unknown;
  std::string inbox;        // decoded inbox name
  std::string path_suffix;  // after /inbox/{name}/, as sent (percent-encoded), no leading '/'
  std::string query;        // as sent, without '?'
};

RequestRoute route_request(std::string_view target);

// The query string as a JSON object text: {"app_id": "..."}; a repeated name gives an array.
std::string query_params_json(std::string_view query);

}  // namespace intake::ingest_detail
