#pragma once
// A filter fragment compiled once: jsonb containment plus the `$` operators.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::filter {

namespace detail {
struct Node;
}

// A (path, scalar) pair that every matching document must hold exactly: the value at `path`
// (object keys only, from the root) equals `value`. Used to index triggers.
struct RequiredPair {
  std::vector<std::string> path;  // object keys, literal (after `$$` unescaping)
  nlohmann::json value;           // a scalar
};

// Compiled form of a criteria or exclusion fragment. Cheap to copy (shares the compiled tree).
//
// Inside a fragment an object whose keys all start with `$` is an operator object:
// $in $nin $ne $exists $regex $gt $gte $lt $lte. A key starting with `$$` is the literal key
// without its first `$`. Everything else follows PostgreSQL `jsonb @>` exactly.
class CompiledFragment {
 public:
  // Throws FilterCompileError (with the JSON pointer of the problem) on an unknown operator, an
  // object mixing `$` and plain keys, a bad operand or an invalid RE2 pattern.
  static CompiledFragment compile(const nlohmann::json& fragment);

  bool matches(const nlohmann::json& doc) const;

  // The fragment as written (for messages and explanations).
  const nlohmann::json& source() const { return source_; }

  // True when the fragment uses no operator, i.e. matching is exactly `doc @> source()`.
  bool is_plain() const { return plain_; }

  // The (path, scalar) pairs that the fragment requires by plain equality under objects only
  // (not under arrays or operators). Empty for a fragment whose root is not an object.
  std::vector<RequiredPair> required_pairs() const;

  const detail::Node& root() const { return *root_; }

 private:
  CompiledFragment(nlohmann::json source, std::shared_ptr<const detail::Node> root, bool plain);

  nlohmann::json source_;
  std::shared_ptr<const detail::Node> root_;
  bool plain_ = true;
};

}  // namespace intake::filter
