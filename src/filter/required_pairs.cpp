// CompiledFragment::required_pairs: the exact (path, scalar) equalities a fragment demands.
#include "filter/node.hpp"
#include "intake/filter/fragment.hpp"

namespace intake::filter {
namespace {

// Only object members lead to a required pair: under an array the value may sit in any
// element, and under an operator nothing is required exactly.
void collect_pairs(const detail::Node& node, std::vector<std::string>& path,
                   std::vector<RequiredPair>& out) {
  for (const auto& member : node.members) {
    path.push_back(member.key);
    if (member.value.kind == detail::NodeKind::scalar) {
      out.push_back(RequiredPair{path, member.value.source});
    } else if (member.value.kind == detail::NodeKind::object) {
      collect_pairs(member.value, path, out);
    }
    path.pop_back();
  }
}

}  // namespace

std::vector<RequiredPair> CompiledFragment::required_pairs() const {
  std::vector<RequiredPair> pairs;
  if (root_->kind != detail::NodeKind::object) return pairs;
  std::vector<std::string> path;
  collect_pairs(*root_, path, pairs);
  return pairs;
}

}  // namespace intake::filter
