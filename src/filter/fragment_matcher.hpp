#pragma once
// Evaluates a compiled fragment against a document.

#include <nlohmann/json.hpp>

#include "filter/node.hpp"

namespace intake::filter::detail {

// `at_root` enables PostgreSQL's one top-level exception: an array document contains a scalar.
bool node_matches(const Node& node, const nlohmann::json& value, bool at_root);

// For a member whose key the document lacks.
bool node_holds_when_missing(const Node& node);

}  // namespace intake::filter::detail
