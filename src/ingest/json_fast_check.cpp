#include "ingest/json_fast_check.hpp"

#include <simdjson.h>

namespace intake::ingest_detail {

bool certainly_well_formed_json(std::string_view json, std::size_t max_depth) {
  if (json.size() > kFastCheckMaxBytes) return false;
  // One parser per I/O thread: simdjson parsers are not shared, and reusing one keeps its
  // buffers (bounded by kFastCheckMaxBytes) instead of allocating per request.
  thread_local simdjson::dom::parser parser(kFastCheckMaxBytes);
  if (parser.max_depth() != max_depth) {
    if (parser.allocate(kFastCheckMaxBytes, max_depth) != simdjson::SUCCESS) return false;
  }
  // realloc_if_needed copies the body into a padded buffer: simdjson reads past the end.
  return parser.parse(json.data(), json.size(), true).error() == simdjson::SUCCESS;
}

}  // namespace intake::ingest_detail
