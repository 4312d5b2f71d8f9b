#include "filter/scalar_equality.hpp"

#include "filter/json_number.hpp"

namespace intake::filter::detail {

bool is_scalar(const nlohmann::json& value) { return value.is_primitive(); }

bool scalars_equal(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case nlohmann::json::value_t::string:
      return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    case nlohmann::json::value_t::boolean:
      return a.get<bool>() == b.get<bool>();
    case nlohmann::json::value_t::null:
      return true;
    default:
      return false;
  }
}

}  // namespace intake::filter::detail
