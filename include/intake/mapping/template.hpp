#pragma once
// A job's params as a template over a run's state ({"data", "request", "references"}): compiled
// once when the config loads, rendered for every run. See docs/mapping.md for the syntax.

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "intake/mapping/mapping_error.hpp"

namespace intake::mapping {

namespace detail {
struct Node;
}

// Immutable once compiled: copies share the compiled tree, and render() may be called from any
// number of threads at once.
class Template {
 public:
  // Compiles every string in `source` (keys stay literal). `where` is the JSON pointer of `source`
  // in its document (e.g. "/body", a valid pointer); problems are reported relative to the
  // document. Throws TemplateError listing every problem.
  static Template compile(const nlohmann::json& source, std::string_view where = "");

  // A fresh value for `state`. Throws MappingError when a path is missing and has no default.
  nlohmann::json render(const nlohmann::json& state) const;

  // True when the source has no placeholders: render() always returns the same value.
  bool is_constant() const;

 private:
  friend class EachTemplate;
  explicit Template(std::shared_ptr<const detail::Node> root);
  std::shared_ptr<const detail::Node> root_;
};

}  // namespace intake::mapping
