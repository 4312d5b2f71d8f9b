#include "filter/fragment_matcher.hpp"

#include "filter/operators.hpp"
#include "filter/scalar_equality.hpp"

namespace intake::filter::detail {
namespace {

using nlohmann::json;

bool object_matches(const Node& node, const json& value) {
  if (!value.is_object()) return false;
  for (const auto& member : node.members) {
    const auto found = value.find(member.key);
    if (found == value.end()) {
      if (!node_holds_when_missing(member.value)) return false;
    } else if (!node_matches(member.value, *found, false)) {
      return false;
    }
  }
  return true;
}

bool array_matches(const Node& node, const json& value) {
  if (!value.is_array()) return false;
  for (const auto& wanted : node.elements) {
    bool found = false;
    for (const auto& element : value) {
      if (node_matches(wanted, element, false)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool scalar_matches(const Node& node, const json& value, bool at_root) {
  if (at_root && value.is_array()) {
    for (const auto& element : value) {
      if (scalars_equal(element, node.source)) return true;
    }
    return false;
  }
  return scalars_equal(value, node.source);
}

}  // namespace

bool node_holds_when_missing(const Node& node) {
  return node.kind == NodeKind::operators && node.satisfied_when_missing;
}

bool node_matches(const Node& node, const json& value, bool at_root) {
  switch (node.kind) {
    case NodeKind::object:
      return object_matches(node, value);
    case NodeKind::array:
      return array_matches(node, value);
    case NodeKind::scalar:
      return scalar_matches(node, value, at_root);
    case NodeKind::operators:
      for (const auto& op : node.operators) {
        if (!operator_holds(op, value)) return false;
      }
      return true;
  }
  return false;
}

}  // namespace intake::filter::detail
