#pragma once
// Source JSON → compiled tree, collecting every problem instead of stopping at the first.

#include <vector>

#include <nlohmann/json.hpp>

#include "intake/mapping/mapping_error.hpp"
#include "mapping/node.hpp"

namespace intake::mapping::detail {

struct CompileOptions {
  bool item_allowed = false;  // /item and /index: only in the item of an each
};

// Compiles `source`, which sits at `where` in its document. Problems are appended; the returned
// tree is meaningful only when none were added.
Node compile_node(const nlohmann::json& source, const nlohmann::json::json_pointer& where,
                  const CompileOptions& options, std::vector<TemplateProblem>& problems);

}  // namespace intake::mapping::detail
