#include "intake/mapping/each_template.hpp"

#include "mapping/compiler.hpp"
#include "mapping/renderer.hpp"
#include "mapping/syntax_error.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;

detail::Expression compile_list_expression(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text.substr(start).starts_with("{{")) {
    throw detail::SyntaxError(
        "each takes a bare pointer without braces: write /data/form/child, not "
        "{{ /data/form/child }}");
  }
  detail::Expression expression = detail::parse_expression(text, false);
  if (expression.fallback && !expression.fallback->is_array()) {
    throw detail::SyntaxError("each's default must be an array (usually []), not " +
                              expression.fallback->dump());
  }
  return expression;
}

// No list at the path and no default: fail with what was found and how to accept it.
[[noreturn]] void fail_without_list(const detail::ListSource& source, const json* found,
                                    const detail::Scope& scope) {
  const std::string& path = source.expression.pointer.text;
  if (!found) {
    throw MappingError(MappingError::Kind::missing, source.where, path,
                       path + " is missing (" +
                           detail::explain_missing(source.expression.pointer, scope) +
                           "); CommCare leaves out a repeat group with no entries: write '" + path +
                           " | default: []' to accept that");
  }
  throw MappingError(
      MappingError::Kind::not_a_list, source.where, path,
      path + " is null, not a list; write '" + path + " | default: []' to treat it as empty");
}

}  // namespace

EachTemplate::EachTemplate(std::shared_ptr<const detail::ListSource> each, Template item)
    : each_(std::move(each)), item_(std::move(item)) {}

EachTemplate EachTemplate::compile(const std::optional<std::string>& each, const json& item,
                                   std::string_view each_where, std::string_view item_where) {
  std::vector<TemplateProblem> problems;
  std::shared_ptr<const detail::ListSource> list;
  if (each) {
    try {
      list = std::make_shared<const detail::ListSource>(
          detail::ListSource{compile_list_expression(*each), std::string(each_where)});
    } catch (const detail::SyntaxError& e) {
      problems.push_back({std::string(each_where), e.what()});
    }
  }
  detail::CompileOptions options;
  options.item_allowed = each.has_value();
  auto root =
      detail::compile_node(item, json::json_pointer(std::string(item_where)), options, problems);
  if (!problems.empty()) throw TemplateError(std::move(problems));
  return EachTemplate(std::move(list),
                      Template(std::make_shared<const detail::Node>(std::move(root))));
}

std::vector<json> EachTemplate::render(const json& state) const {
  if (!each_) return {item_.render(state)};
  const detail::Scope outer(state);
  const json* list = detail::resolve(each_->expression.pointer, outer);
  if (!list || list->is_null()) {
    if (!each_->expression.fallback) fail_without_list(*each_, list, outer);
    list = &*each_->expression.fallback;
  }
  auto render_item = [&](const json& element, std::size_t index) {
    return detail::render_node(*item_.root_, detail::Scope(state, element, index));
  };
  std::vector<json> items;
  if (list->is_object()) {  // CommCare's repeat group with a single entry
    items.push_back(render_item(*list, 0));
    return items;
  }
  if (!list->is_array()) {
    const std::string& path = each_->expression.pointer.text;
    throw MappingError(MappingError::Kind::not_a_list, each_->where, path,
                       path + " is " + detail::describe_type(*list) +
                           ", not a list (each needs an array, or an object for a repeat group "
                           "with one entry)");
  }
  items.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) items.push_back(render_item((*list)[i], i));
  return items;
}

}  // namespace intake::mapping
