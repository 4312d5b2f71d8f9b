#pragma once
// Picks, for each trigger, the required pair that best narrows the candidates.

#include <optional>
#include <vector>

#include "intake/filter/fragment.hpp"

namespace intake::filter::detail {

// One entry per criteria (same order). The chosen pair is the one the fewest criteria share
// (most selective), then the deepest, then the first; nullopt when a criteria requires none.
std::vector<std::optional<RequiredPair>> choose_anchors(
    const std::vector<const CompiledFragment*>& criteria);

}  // namespace intake::filter::detail
