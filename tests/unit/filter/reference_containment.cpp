#include "reference_containment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace intake::filter::test {
namespace {

using nlohmann::json;
using int128 = __int128;

// Exact integer value, when the number is an integer (floats only when integral and in range).
bool as_int128(const json& n, int128& out) {
  if (n.is_number_unsigned()) {
    out = static_cast<int128>(n.get<std::uint64_t>());
    return true;
  }
  if (n.is_number_integer()) {
    out = static_cast<int128>(n.get<std::int64_t>());
    return true;
  }
  const double d = n.get<double>();
  if (std::floor(d) != d || std::fabs(d) >= 1e30) return false;
  out = static_cast<int128>(d);
  return true;
}

bool numbers_equal(const json& a, const json& b) {
  if (a.is_number_float() && b.is_number_float()) return a.get<double>() == b.get<double>();
  int128 x = 0;
  int128 y = 0;
  const bool x_int = as_int128(a, x);
  const bool y_int = as_int128(b, y);
  if (x_int && y_int) return x == y;
  return false;  // one side is a non-integral float, the other an integer
}

bool same_scalar(const json& a, const json& b) {
  if (a.is_number() || b.is_number()) return a.is_number() && b.is_number() && numbers_equal(a, b);
  if (a.is_string() || b.is_string())
    return a.is_string() && b.is_string() && a.get<std::string>() == b.get<std::string>();
  if (a.is_boolean() || b.is_boolean())
    return a.is_boolean() && b.is_boolean() && a.get<bool>() == b.get<bool>();
  return a.is_null() && b.is_null();
}

bool inner(const json& doc, const json& fragment) {
  switch (fragment.type()) {
    case json::value_t::object:
      if (!doc.is_object()) return false;
      for (auto it = fragment.begin(); it != fragment.end(); ++it) {
        if (!doc.contains(it.key()) || !inner(doc.at(it.key()), it.value())) return false;
      }
      return true;
    case json::value_t::array:
      if (!doc.is_array()) return false;
      for (const auto& wanted : fragment) {
        const bool some = std::any_of(doc.begin(), doc.end(),
                                      [&](const json& element) { return inner(element, wanted); });
        if (!some) return false;
      }
      return true;
    default:
      return !doc.is_structured() && same_scalar(doc, fragment);
  }
}

}  // namespace

bool reference_contains(const json& doc, const json& fragment) {
  if (doc.is_array() && !fragment.is_structured()) {
    // PG treats a top-level scalar as a one-element raw array; a real array may contain it.
    return inner(doc, json::array({fragment}));
  }
  return inner(doc, fragment);
}

}  // namespace intake::filter::test
