#pragma once
// RFC 6901 pointers into a run's state, split and checked once at compile time so that rendering
// only walks the tokens.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/scope.hpp"

namespace intake::mapping::detail {

struct StatePointer {
  enum class Root { state, item, index };
  std::string text;                                 // as written: "/data/form/child/0"
  Root root = Root::state;                          // /item and /index resolve in the Scope
  std::size_t first = 0;                            // first token to walk from the root
  std::vector<std::string> tokens;                  // unescaped (~1 → /, ~0 → ~)
  std::vector<std::optional<std::size_t>> indexes;  // tokens[i] as an array index, if it is one
  std::vector<std::size_t> ends;                    // where tokens[i] ends in text (for messages)
};

// Parses `text` and checks that its first token is part of the state: data, request, references,
// and with `item_allowed` item and index. Throws SyntaxError.
StatePointer parse_state_pointer(std::string_view text, bool item_allowed);

// The value `pointer` names, or null when it is missing. Null is a value, never "missing".
const nlohmann::json* resolve(const StatePointer& pointer, const Scope& scope);

// Why resolve() found nothing: `/data/form has no "age"`.
std::string explain_missing(const StatePointer& pointer, const Scope& scope);

// "a string", "an object", "null": for messages about what a path holds.
std::string describe_type(const nlohmann::json& value);

}  // namespace intake::mapping::detail
