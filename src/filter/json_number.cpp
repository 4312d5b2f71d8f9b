#include "filter/json_number.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace intake::filter::detail {
namespace {

constexpr double two_pow_63 = 9223372036854775808.0;
constexpr double two_pow_64 = 18446744073709551616.0;

std::partial_ordering fraction_order(double d, double whole) {
  const double fraction = d - whole;
  if (fraction > 0) return std::partial_ordering::less;  // the integer is below d
  if (fraction < 0) return std::partial_ordering::greater;
  return std::partial_ordering::equivalent;
}

std::partial_ordering compare_signed_double(std::int64_t i, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d >= two_pow_63) return std::partial_ordering::less;
  if (d < -two_pow_63) return std::partial_ordering::greater;
  const double whole = std::trunc(d);
  const auto whole_int = static_cast<std::int64_t>(whole);  // exact: |whole| < 2^63
  if (i != whole_int) return i <=> whole_int;
  return fraction_order(d, whole);
}

std::partial_ordering compare_unsigned_double(std::uint64_t u, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d >= two_pow_64) return std::partial_ordering::less;
  if (d < 0) return std::partial_ordering::greater;
  const double whole = std::trunc(d);
  const auto whole_int = static_cast<std::uint64_t>(whole);
  if (u != whole_int) return u <=> whole_int;
  return fraction_order(d, whole);
}

std::partial_ordering compare_signed_unsigned(std::int64_t i, std::uint64_t u) {
  if (i < 0) return std::partial_ordering::less;
  return static_cast<std::uint64_t>(i) <=> u;
}

std::partial_ordering flip(std::partial_ordering order) { return 0 <=> order; }

}  // namespace

std::partial_ordering compare_numbers(const nlohmann::json& a, const nlohmann::json& b) {
  using value_t = nlohmann::json::value_t;
  const value_t ta = a.type();
  const value_t tb = b.type();
  if (ta == value_t::number_float && tb == value_t::number_float) {
    return a.get_ref<const double&>() <=> b.get_ref<const double&>();
  }
  if (ta == value_t::number_float) return flip(compare_numbers(b, a));
  // From here a is an integer.
  if (ta == value_t::number_integer) {
    const auto i = a.get_ref<const std::int64_t&>();
    if (tb == value_t::number_integer) return i <=> b.get_ref<const std::int64_t&>();
    if (tb == value_t::number_unsigned) {
      return compare_signed_unsigned(i, b.get_ref<const std::uint64_t&>());
    }
    return compare_signed_double(i, b.get_ref<const double&>());
  }
  const auto u = a.get_ref<const std::uint64_t&>();
  if (tb == value_t::number_unsigned) return u <=> b.get_ref<const std::uint64_t&>();
  if (tb == value_t::number_integer) {
    return flip(compare_signed_unsigned(b.get_ref<const std::int64_t&>(), u));
  }
  return compare_unsigned_double(u, b.get_ref<const double&>());
}

std::string number_key(const nlohmann::json& number) {
  using value_t = nlohmann::json::value_t;
  if (number.type() == value_t::number_integer) {
    return std::to_string(number.get_ref<const std::int64_t&>());
  }
  if (number.type() == value_t::number_unsigned) {
    return std::to_string(number.get_ref<const std::uint64_t&>());
  }
  const double d = number.get_ref<const double&>();
  // Integral doubles in integer range print like the integer they equal (1.0 → "1").
  if (std::trunc(d) == d && d >= -two_pow_63 && d < two_pow_63) {
    return std::to_string(static_cast<std::int64_t>(d));
  }
  if (std::trunc(d) == d && d >= 0 && d < two_pow_64) {
    return std::to_string(static_cast<std::uint64_t>(d));
  }
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", d);
  return text;
}

}  // namespace intake::filter::detail
