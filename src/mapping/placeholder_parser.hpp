#pragma once
// The placeholder syntax: "{{ /pointer }}", "{{ /pointer | default: <JSON literal> }}" and
// "{{ "text" }}" (a literal, the way to write "{{"). Parsed once, when the config loads.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/state_pointer.hpp"

namespace intake::mapping::detail {

struct Expression {
  StatePointer pointer;
  std::optional<nlohmann::json> fallback;  // `| default: …`; used only when the path is missing
};

struct Placeholder {
  Expression expression;
  std::string source;  // "{{ … }}" as written, for messages
};

// Literal text, or a placeholder. Literal placeholders ({{ "…" }}) are already folded into text.
using Piece = std::variant<std::string, Placeholder>;

// Splits `text` into pieces; adjacent literal text is merged. Throws SyntaxError quoting the
// offending placeholder.
std::vector<Piece> parse_template_string(std::string_view text, bool item_allowed);

// The whole of `text` as one placeholder body without braces ("/data/form/child | default: []"),
// as `each:` is written. Throws SyntaxError.
Expression parse_expression(std::string_view text, bool item_allowed);

}  // namespace intake::mapping::detail
