#include "filter/operators.hpp"

#include <array>
#include <utility>

#include <re2/re2.h>

#include "filter/fragment_matcher.hpp"
#include "filter/json_number.hpp"

namespace intake::filter::detail {
namespace {

constexpr std::array<std::pair<std::string_view, OperatorKind>, 9> operator_names{{
    {"$in", OperatorKind::in},
    {"$nin", OperatorKind::nin},
    {"$ne", OperatorKind::ne},
    {"$exists", OperatorKind::exists},
    {"$regex", OperatorKind::regex},
    {"$gt", OperatorKind::gt},
    {"$gte", OperatorKind::gte},
    {"$lt", OperatorKind::lt},
    {"$lte", OperatorKind::lte},
}};

bool any_alternative_matches(const Operator& op, const nlohmann::json& value) {
  for (const auto& alternative : op.alternatives) {
    if (node_matches(alternative, value, false)) return true;
  }
  return false;
}

// Numbers by value, strings bytewise (so ISO-8601 dates order correctly); anything else,
// including a type mismatch, is unordered and fails every comparison.
std::partial_ordering order_against_operand(const nlohmann::json& value,
                                            const nlohmann::json& operand) {
  if (value.is_number() && operand.is_number()) return compare_numbers(value, operand);
  if (value.is_string() && operand.is_string()) {
    const int c =
        value.get_ref<const std::string&>().compare(operand.get_ref<const std::string&>());
    return c <=> 0;
  }
  return std::partial_ordering::unordered;
}

}  // namespace

std::optional<OperatorKind> operator_from_name(std::string_view name) {
  for (const auto& [known, kind] : operator_names) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

std::string_view operator_name(OperatorKind kind) {
  for (const auto& [known, k] : operator_names) {
    if (k == kind) return known;
  }
  return "$?";
}

bool operator_holds(const Operator& op, const nlohmann::json& value) {
  switch (op.kind) {
    case OperatorKind::in:
      return any_alternative_matches(op, value);
    case OperatorKind::nin:
    case OperatorKind::ne:
      return !any_alternative_matches(op, value);
    case OperatorKind::exists:
      return op.operand.get<bool>();
    case OperatorKind::regex:
      return value.is_string() && RE2::PartialMatch(value.get_ref<const std::string&>(), *op.regex);
    case OperatorKind::gt:
      return order_against_operand(value, op.operand) > 0;
    case OperatorKind::gte:
      return order_against_operand(value, op.operand) >= 0;
    case OperatorKind::lt:
      return order_against_operand(value, op.operand) < 0;
    case OperatorKind::lte:
      return order_against_operand(value, op.operand) <= 0;
  }
  return false;
}

bool operator_holds_when_missing(const Operator& op) {
  switch (op.kind) {
    case OperatorKind::nin:
    case OperatorKind::ne:
      return true;
    case OperatorKind::exists:
      return !op.operand.get<bool>();
    default:
      return false;
  }
}

std::string describe_operator(const Operator& op) {
  return std::string(operator_name(op.kind)) + " " + op.operand.dump();
}

}  // namespace intake::filter::detail
