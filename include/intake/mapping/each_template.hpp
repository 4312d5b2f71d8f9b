#pragma once
// `each:` — one rendered item per element of a list in the state (a bulk row per repeat-group
// entry, one request per child). Inside the item template, /item is the element and /index its
// position (0-based); the rest of the state stays reachable.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/mapping/mapping_error.hpp"
#include "intake/mapping/template.hpp"

namespace intake::mapping {

namespace detail {
struct ListSource;
}

class EachTemplate {
 public:
  // `each` is a bare pointer with an optional default: "/data/form/child" or
  // "/data/form/child | default: []". Without `each` the item is rendered once and /item is not
  // available. `each_where` and `item_where` locate the two in their document for problems.
  // Throws TemplateError listing every problem of both.
  static EachTemplate compile(const std::optional<std::string>& each, const nlohmann::json& item,
                              std::string_view each_where = "/each",
                              std::string_view item_where = "");

  // One value per element: an array gives one per element, an object (CommCare's repeat group
  // with a single entry) gives one, a missing or null path gives the default's elements.
  // Without `each`, exactly one. Throws MappingError.
  std::vector<nlohmann::json> render(const nlohmann::json& state) const;

  bool has_each() const { return each_ != nullptr; }

 private:
  EachTemplate(std::shared_ptr<const detail::ListSource> each, Template item);
  std::shared_ptr<const detail::ListSource> each_;  // null without `each`
  Template item_;
};

}  // namespace intake::mapping
