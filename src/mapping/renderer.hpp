#pragma once
// Compiled tree + scope → a fresh JSON value. Only walks: nothing is parsed here.

#include <string>

#include <nlohmann/json.hpp>

#include "mapping/node.hpp"
#include "mapping/scope.hpp"

namespace intake::mapping::detail {

// Throws MappingError when a placeholder's path is missing and it has no default.
nlohmann::json render_node(const Node& node, const Scope& scope);

// Prefix for render-time messages inside an each item ("each item 2: "), empty outside.
std::string item_context(const Scope& scope);

}  // namespace intake::mapping::detail
