#include "filter/anchor_choice.hpp"

#include <string>
#include <unordered_map>

#include "filter/json_number.hpp"

namespace intake::filter::detail {
namespace {

// Equal for pairs that jsonb equality cannot tell apart (numbers by value).
std::string pair_key(const RequiredPair& pair) {
  std::string key;
  for (const auto& part : pair.path) {
    key += part;
    key.push_back('\0');
  }
  if (pair.value.is_number()) return key + "n" + number_key(pair.value);
  return key + "v" + pair.value.dump();
}

}  // namespace

std::vector<std::optional<RequiredPair>> choose_anchors(
    const std::vector<const CompiledFragment*>& criteria) {
  std::vector<std::vector<RequiredPair>> pairs;
  std::unordered_map<std::string, std::size_t> sharing;
  pairs.reserve(criteria.size());
  for (const auto* fragment : criteria) {
    pairs.push_back(fragment->required_pairs());
    for (const auto& pair : pairs.back()) ++sharing[pair_key(pair)];
  }
  std::vector<std::optional<RequiredPair>> chosen(criteria.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const RequiredPair* best = nullptr;
    std::size_t best_sharing = 0;
    for (const auto& pair : pairs[i]) {
      const std::size_t count = sharing[pair_key(pair)];
      const bool better = !best || count < best_sharing ||
                          (count == best_sharing && pair.path.size() > best->path.size());
      if (better) {
        best = &pair;
        best_sharing = count;
      }
    }
    if (best) chosen[i] = *best;
  }
  return chosen;
}

}  // namespace intake::filter::detail
