#pragma once
// A quick yes for well-formed JSON, for the ingest path's hot loop (simdjson). It only ever says
// "certainly well formed": anything else (malformed, too deep, too big for the fast path, a
// number simdjson cannot hold) is left to the full parser, which gives the verdict and the error.

#include <cstddef>
#include <string_view>

namespace intake::ingest_detail {

// Bodies larger than this skip the fast check: its parser keeps buffers sized to the largest
// document it has seen, per thread, and this keeps them small.
inline constexpr std::size_t kFastCheckMaxBytes = 256 * 1024;

// True only if `json` is one well-formed JSON value nested at most `max_depth` levels.
bool certainly_well_formed_json(std::string_view json, std::size_t max_depth);

}  // namespace intake::ingest_detail
