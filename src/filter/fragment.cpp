#include "intake/filter/fragment.hpp"

#include "filter/fragment_compiler.hpp"
#include "filter/fragment_matcher.hpp"

namespace intake::filter {

CompiledFragment::CompiledFragment(nlohmann::json source, std::shared_ptr<const detail::Node> root,
                                   bool plain)
    : source_(std::move(source)), root_(std::move(root)), plain_(plain) {}

CompiledFragment CompiledFragment::compile(const nlohmann::json& fragment) {
  auto result = detail::compile_fragment(fragment);
  return CompiledFragment(fragment, std::make_shared<const detail::Node>(std::move(result.root)),
                          result.plain);
}

bool CompiledFragment::matches(const nlohmann::json& doc) const {
  return detail::node_matches(*root_, doc, true);
}

}  // namespace intake::filter
