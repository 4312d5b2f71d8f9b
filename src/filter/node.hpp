#pragma once
// The compiled tree of a fragment. Private to src/filter.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace re2 {
class RE2;
}

namespace intake::filter::detail {

enum class NodeKind { object, array, scalar, operators };
enum class OperatorKind { in, nin, ne, exists, regex, gt, gte, lt, lte };

struct Member;
struct Operator;

struct Node {
  NodeKind kind = NodeKind::scalar;
  nlohmann::json source;                // this part of the fragment as written
  std::vector<Member> members;          // object: in the fragment's key order
  std::vector<Node> elements;           // array
  std::vector<Operator> operators;      // operators: all must hold
  bool satisfied_when_missing = false;  // operators: every one holds on a missing key
};

struct Member {
  std::string key;  // literal key ("$$x" written → "$x")
  Node value;
};

struct Operator {
  OperatorKind kind = OperatorKind::exists;
  nlohmann::json operand;                 // as written
  std::vector<Node> alternatives;         // $in / $nin: one per element; $ne: exactly one
  std::shared_ptr<const re2::RE2> regex;  // $regex, compiled once
};

}  // namespace intake::filter::detail
