#include "intake/mapping/template.hpp"

#include "mapping/compiler.hpp"
#include "mapping/renderer.hpp"

namespace intake::mapping {

Template::Template(std::shared_ptr<const detail::Node> root) : root_(std::move(root)) {}

Template Template::compile(const nlohmann::json& source, std::string_view where) {
  std::vector<TemplateProblem> problems;
  auto root =
      detail::compile_node(source, nlohmann::json::json_pointer(std::string(where)), {}, problems);
  if (!problems.empty()) throw TemplateError(std::move(problems));
  return Template(std::make_shared<const detail::Node>(std::move(root)));
}

nlohmann::json Template::render(const nlohmann::json& state) const {
  return detail::render_node(*root_, detail::Scope(state));
}

bool Template::is_constant() const { return std::holds_alternative<detail::Constant>(root_->kind); }

}  // namespace intake::mapping
