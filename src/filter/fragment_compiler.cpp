#include "filter/fragment_compiler.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "filter/json_pointer.hpp"
#include "filter/operators.hpp"
#include "intake/filter/filter_error.hpp"

namespace intake::filter::detail {
namespace {

using nlohmann::json;

// Where a value sits decides which operators make sense there: $exists needs a key.
enum class Place { root, member, element, operand };

bool is_operator_key(std::string_view key) {
  return key.starts_with('$') && !key.starts_with("$$");
}

std::string literal_key(std::string_view key) {
  return std::string(key.starts_with("$$") ? key.substr(1) : key);
}

constexpr std::string_view known_operators =
    "$in, $nin, $ne, $exists, $regex, $gt, $gte, $lt, $lte";

class Compiler {
 public:
  bool plain = true;

  Node compile(const json& fragment, const std::string& pointer, Place place) {
    if (fragment.is_object() && is_operator_object(fragment, pointer)) {
      plain = false;
      return compile_operators(fragment, pointer, place);
    }
    Node node;
    node.source = fragment;
    if (fragment.is_object()) {
      node.kind = NodeKind::object;
      for (const auto& [key, value] : fragment.items()) {
        if (key.starts_with("$$")) plain = false;
        node.members.push_back(
            Member{literal_key(key), compile(value, append_pointer(pointer, key), Place::member)});
      }
    } else if (fragment.is_array()) {
      node.kind = NodeKind::array;
      for (std::size_t i = 0; i < fragment.size(); ++i) {
        node.elements.push_back(
            compile(fragment[i], append_pointer(pointer, std::to_string(i)), Place::element));
      }
    } else if (fragment.is_primitive() && !fragment.is_binary()) {
      node.kind = NodeKind::scalar;
    } else {
      throw FilterCompileError(pointer, "not a JSON value");
    }
    return node;
  }

 private:
  static bool is_operator_object(const json& object, const std::string& pointer) {
    std::string operator_key;
    std::string plain_key;
    for (const auto& [key, value] : object.items()) {
      (is_operator_key(key) ? operator_key : plain_key) = key;
    }
    if (operator_key.empty()) return false;
    if (!plain_key.empty()) {
      throw FilterCompileError(pointer, "object mixes operator key \"" + operator_key +
                                            "\" with plain key \"" + plain_key + "\"; write \"$" +
                                            operator_key + "\" for a literal key \"" +
                                            operator_key + "\"");
    }
    return true;
  }

  Node compile_operators(const json& object, const std::string& pointer, Place place) {
    Node node;
    node.kind = NodeKind::operators;
    node.source = object;
    node.satisfied_when_missing = true;
    for (const auto& [key, operand] : object.items()) {
      const std::string op_pointer = append_pointer(pointer, key);
      const auto kind = operator_from_name(key);
      if (!kind) {
        throw FilterCompileError(op_pointer, "unknown operator \"" + key + "\" (known: " +
                                                 std::string(known_operators) + ")");
      }
      Operator op = compile_operator(*kind, operand, op_pointer, place);
      node.satisfied_when_missing = node.satisfied_when_missing && operator_holds_when_missing(op);
      node.operators.push_back(std::move(op));
    }
    return node;
  }

  Operator compile_operator(OperatorKind kind, const json& operand, const std::string& pointer,
                            Place place) {
    Operator op;
    op.kind = kind;
    op.operand = operand;
    switch (kind) {
      case OperatorKind::in:
      case OperatorKind::nin:
        if (!operand.is_array()) {
          throw FilterCompileError(pointer, std::string(operator_name(kind)) + " needs an array");
        }
        for (std::size_t i = 0; i < operand.size(); ++i) {
          op.alternatives.push_back(
              compile(operand[i], append_pointer(pointer, std::to_string(i)), Place::operand));
        }
        break;
      case OperatorKind::ne:
        op.alternatives.push_back(compile(operand, pointer, Place::operand));
        break;
      case OperatorKind::exists:
        if (!operand.is_boolean()) throw FilterCompileError(pointer, "$exists needs true or false");
        if (place != Place::member) {
          throw FilterCompileError(pointer, "$exists only makes sense as the value of a key");
        }
        break;
      case OperatorKind::regex:
        op.regex = compile_regex(operand, pointer);
        break;
      default:  // $gt $gte $lt $lte
        if (!operand.is_number() && !operand.is_string()) {
          throw FilterCompileError(pointer, std::string(operator_name(kind)) +
                                                " needs a number or a string, not " +
                                                operand.dump());
        }
        break;
    }
    return op;
  }

  static std::shared_ptr<const re2::RE2> compile_regex(const json& operand,
                                                       const std::string& pointer) {
    if (!operand.is_string()) throw FilterCompileError(pointer, "$regex needs a string pattern");
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_shared<const re2::RE2>(operand.get_ref<const std::string&>(), options);
    if (!regex->ok()) {
      throw FilterCompileError(pointer,
                               "invalid regular expression (RE2 syntax): " + regex->error());
    }
    return regex;
  }
};

}  // namespace

namespace {

// Criteria deeper than any real filter would make compiling (which recurses, and copies each
// level's subtree) exhaust the stack: a config once crashed intake this way.
constexpr int kMaxFragmentDepth = 64;

// The pointer of the first value nested deeper than kMaxFragmentDepth, if any. The walk itself
// stops at that depth.
std::optional<std::string> too_deep(const json& value, const std::string& pointer, int depth) {
  if (!value.is_structured()) return std::nullopt;
  if (depth > kMaxFragmentDepth) return pointer.empty() ? "/" : pointer;
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (auto found = too_deep(item, append_pointer(pointer, key), depth + 1)) {
        return found;
      }
    }
  } else {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto found = too_deep(value[i], append_pointer(pointer, std::to_string(i)), depth + 1)) {
        return found;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

CompileResult compile_fragment(const json& fragment) {
  if (auto pointer = too_deep(fragment, "", 1)) {
    throw FilterCompileError(*pointer, "criteria are nested deeper than " +
                                           std::to_string(kMaxFragmentDepth) + " levels");
  }
  Compiler compiler;
  Node root = compiler.compile(fragment, "", Place::root);
  return CompileResult{std::move(root), compiler.plain};
}

}  // namespace intake::filter::detail
