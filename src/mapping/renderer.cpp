#include "mapping/renderer.hpp"

#include "intake/mapping/mapping_error.hpp"

namespace intake::mapping::detail {
namespace {

using nlohmann::json;

const json& value_of(const Reference& reference, const Scope& scope) {
  if (const json* found = resolve(reference.expression.pointer, scope)) return *found;
  if (reference.expression.fallback) return *reference.expression.fallback;
  const std::string& path = reference.expression.pointer.text;
  throw MappingError(MappingError::Kind::missing, reference.where, path,
                     item_context(scope) + path + " is missing (" +
                         explain_missing(reference.expression.pointer, scope) +
                         "); add '| default: <JSON literal>' to " + reference.source +
                         " if it may be absent");
}

// Strings go in as they are; everything else as compact JSON text (8, true, null, {"a":1}).
void append_text(std::string& out, const json& value) {
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
  } else {
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

struct Renderer {
  const Scope& scope;

  json operator()(const Constant& constant) const { return constant.value; }
  json operator()(const WholeValue& whole) const { return value_of(whole.reference, scope); }
  json operator()(const Text& text) const {
    std::string out;
    for (const auto& piece : text.pieces) {
      if (const auto* literal = std::get_if<std::string>(&piece)) {
        out += *literal;
      } else {
        append_text(out, value_of(std::get<Reference>(piece), scope));
      }
    }
    return out;
  }
  json operator()(const ArrayNode& array) const {
    json out = json::array();
    out.get_ref<json::array_t&>().reserve(array.elements.size());
    for (const auto& element : array.elements) out.push_back(render_node(element, scope));
    return out;
  }
  json operator()(const ObjectNode& object) const {
    json out = json::object();
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
      out.emplace(object.keys[i], render_node(object.values[i], scope));
    }
    return out;
  }
};

}  // namespace

json render_node(const Node& node, const Scope& scope) {
  return std::visit(Renderer{scope}, node.kind);
}

std::string item_context(const Scope& scope) {
  return scope.item ? "each item " + scope.index.dump() + ": " : std::string();
}

}  // namespace intake::mapping::detail
