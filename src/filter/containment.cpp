#include "intake/filter/containment.hpp"

#include "filter/scalar_equality.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

bool contains_below_root(const json& doc, const json& fragment);

bool object_contains(const json& doc, const json& fragment) {
  for (const auto& [key, wanted] : fragment.items()) {
    const auto found = doc.find(key);
    if (found == doc.end() || !contains_below_root(*found, wanted)) return false;
  }
  return true;
}

// Each fragment element must be contained in some document element; a scalar element only
// matches an equal scalar element, a container only within one container element.
bool array_contains(const json& doc, const json& fragment) {
  for (const auto& wanted : fragment) {
    bool found = false;
    for (const auto& element : doc) {
      if (contains_below_root(element, wanted)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool contains_below_root(const json& doc, const json& fragment) {
  if (fragment.is_object()) return doc.is_object() && object_contains(doc, fragment);
  if (fragment.is_array()) return doc.is_array() && array_contains(doc, fragment);
  return detail::scalars_equal(doc, fragment);  // below the root an array never holds a scalar
}

}  // namespace

bool jsonb_contains(const json& doc, const json& fragment) {
  // PG stores a top-level scalar as a one-element "raw scalar" array; a real array may contain
  // it, the reverse is not allowed. That is the only difference from the nested rule.
  if (doc.is_array() && detail::is_scalar(fragment)) {
    for (const auto& element : doc) {
      if (detail::scalars_equal(element, fragment)) return true;
    }
    return false;
  }
  return contains_below_root(doc, fragment);
}

}  // namespace intake::filter
