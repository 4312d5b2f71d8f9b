#pragma once
// Turns a fragment as written into the compiled tree, rejecting what cannot mean anything.

#include <nlohmann/json.hpp>

#include "filter/node.hpp"

namespace intake::filter::detail {

struct CompileResult {
  Node root;
  bool plain = true;  // no operator and no `$$` key: matching is plain jsonb @>
};

// Throws FilterCompileError.
CompileResult compile_fragment(const nlohmann::json& fragment);

}  // namespace intake::filter::detail
