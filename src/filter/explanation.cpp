#include "intake/filter/explanation.hpp"

#include "filter/fragment_matcher.hpp"
#include "filter/json_pointer.hpp"
#include "filter/operators.hpp"
#include "filter/value_summary.hpp"

namespace intake::filter {
namespace {

using detail::Node;
using detail::NodeKind;
using nlohmann::json;

constexpr const char* missing_text = "missing";

std::string expected_text(const Node& node) {
  if (node.kind != NodeKind::operators) return detail::summarize(node.source);
  std::string text;
  for (const auto& op : node.operators) {
    if (!text.empty()) text += ", ";
    text += detail::describe_operator(op);
  }
  return text;
}

Mismatch explain_node(const Node& node, const json& value, const std::string& pointer,
                      bool at_root);

Mismatch explain_object(const Node& node, const json& value, const std::string& pointer) {
  if (!value.is_object()) {
    return {pointer, "an object containing " + expected_text(node), detail::summarize(value)};
  }
  for (const auto& member : node.members) {
    const std::string member_pointer = detail::append_pointer(pointer, member.key);
    const auto found = value.find(member.key);
    if (found == value.end()) {
      if (!detail::node_holds_when_missing(member.value)) {
        return {member_pointer, expected_text(member.value), missing_text};
      }
    } else if (!detail::node_matches(member.value, *found, false)) {
      return explain_node(member.value, *found, member_pointer, false);
    }
  }
  return {pointer, expected_text(node), detail::summarize(value)};
}

Mismatch explain_array(const Node& node, const json& value, const std::string& pointer) {
  if (!value.is_array()) {
    return {pointer, "an array containing " + expected_text(node), detail::summarize(value)};
  }
  for (const auto& wanted : node.elements) {
    bool found = false;
    for (const auto& element : value) {
      if (detail::node_matches(wanted, element, false)) {
        found = true;
        break;
      }
    }
    if (!found) {
      return {pointer, "an element matching " + expected_text(wanted), detail::summarize(value)};
    }
  }
  return {pointer, expected_text(node), detail::summarize(value)};
}

Mismatch explain_operators(const Node& node, const json& value, const std::string& pointer) {
  for (const auto& op : node.operators) {
    if (!detail::operator_holds(op, value)) {
      return {pointer, detail::describe_operator(op), detail::summarize(value)};
    }
  }
  return {pointer, expected_text(node), detail::summarize(value)};
}

Mismatch explain_node(const Node& node, const json& value, const std::string& pointer,
                      bool at_root) {
  switch (node.kind) {
    case NodeKind::object:
      return explain_object(node, value, pointer);
    case NodeKind::array:
      return explain_array(node, value, pointer);
    case NodeKind::operators:
      return explain_operators(node, value, pointer);
    case NodeKind::scalar:
      break;
  }
  if (at_root && value.is_array()) {
    return {pointer, "an element equal to " + expected_text(node), detail::summarize(value)};
  }
  return {pointer, expected_text(node), detail::summarize(value)};
}

}  // namespace

std::string Mismatch::to_string() const {
  return (path.empty() ? std::string("(root)") : path) + ": expected " + expected + ", found " +
         found;
}

json Mismatch::to_json() const {
  return json{{"path", path}, {"expected", expected}, {"found", found}};
}

Explanation explain(const CompiledFragment& fragment, const json& doc) {
  if (fragment.matches(doc)) return Explanation{true, std::nullopt};
  return Explanation{false, explain_node(fragment.root(), doc, "", true)};
}

}  // namespace intake::filter
