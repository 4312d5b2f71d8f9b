#pragma once
// The compiled form of a template: a tree that mirrors the source value, in which every subtree
// without placeholders has been folded into one constant.

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/placeholder_parser.hpp"

namespace intake::mapping::detail {

// A placeholder with the place of its string in the source, for render-time errors.
struct Reference {
  Expression expression;
  std::string source;  // "{{ … }}" as written
  std::string where;   // JSON pointer of the string in the source document
};

struct Node;

struct Constant {
  nlohmann::json value;
};
struct WholeValue {  // "{{ /p }}" alone: keeps the JSON type of what /p names
  Reference reference;
};
struct Text {  // text with placeholders: each rendered as text
  std::vector<std::variant<std::string, Reference>> pieces;
};
struct ArrayNode {
  std::vector<Node> elements;
};
struct ObjectNode {  // keys are literal
  std::vector<std::string> keys;
  std::vector<Node> values;
};

struct Node {
  std::variant<Constant, WholeValue, Text, ArrayNode, ObjectNode> kind;
};

// The source of an `each`: its expression and where it was written.
struct ListSource {
  Expression expression;
  std::string where;
};

}  // namespace intake::mapping::detail
