#include "mapping/compiler.hpp"

#include <utility>

#include "mapping/syntax_error.hpp"

namespace intake::mapping::detail {
namespace {

using nlohmann::json;

bool is_constant(const Node& node) { return std::holds_alternative<Constant>(node.kind); }

json take_constant(Node& node) { return std::move(std::get<Constant>(node.kind).value); }

Node compile_string(const std::string& source, const json::json_pointer& where,
                    const CompileOptions& options, std::vector<TemplateProblem>& problems) {
  std::vector<Piece> pieces;
  try {
    pieces = parse_template_string(source, options.item_allowed);
  } catch (const SyntaxError& e) {
    problems.push_back({where.to_string(), e.what()});
    return Node{Constant{source}};
  }
  auto reference = [&](Placeholder& placeholder) {
    return Reference{std::move(placeholder.expression), std::move(placeholder.source),
                     where.to_string()};
  };
  if (pieces.size() == 1) {
    if (auto* text = std::get_if<std::string>(&pieces.front()))
      return Node{Constant{std::move(*text)}};
    return Node{WholeValue{reference(std::get<Placeholder>(pieces.front()))}};
  }
  Text text;
  for (auto& piece : pieces) {
    if (auto* literal = std::get_if<std::string>(&piece)) {
      text.pieces.emplace_back(std::move(*literal));
    } else {
      text.pieces.emplace_back(reference(std::get<Placeholder>(piece)));
    }
  }
  return Node{std::move(text)};
}

}  // namespace

Node compile_node(const json& source, const json::json_pointer& where,
                  const CompileOptions& options, std::vector<TemplateProblem>& problems) {
  if (source.is_string()) {
    return compile_string(source.get_ref<const std::string&>(), where, options, problems);
  }
  if (source.is_array()) {
    ArrayNode array;
    bool constant = true;
    for (std::size_t i = 0; i < source.size(); ++i) {
      array.elements.push_back(compile_node(source[i], where / i, options, problems));
      constant = constant && is_constant(array.elements.back());
    }
    if (!constant) return Node{std::move(array)};
    json value = json::array();
    for (auto& element : array.elements) value.push_back(take_constant(element));
    return Node{Constant{std::move(value)}};
  }
  if (source.is_object()) {
    ObjectNode object;
    bool constant = true;
    for (const auto& [key, value] : source.items()) {
      // A key that looks like a template but is not one would be a silent surprise.
      if (key.find("{{") != std::string::npos) {
        problems.push_back({(where / key).to_string(),
                            "keys are literal, not templates: '" + key + "' cannot contain '{{'"});
      }
      object.keys.push_back(key);
      object.values.push_back(compile_node(value, where / key, options, problems));
      constant = constant && is_constant(object.values.back());
    }
    if (!constant) return Node{std::move(object)};
    json value = json::object();
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
      value.emplace(std::move(object.keys[i]), take_constant(object.values[i]));
    }
    return Node{Constant{std::move(value)}};
  }
  return Node{Constant{source}};
}

}  // namespace intake::mapping::detail
