#include "intake/filter/trigger_index.hpp"

#include <algorithm>

#include "filter/anchor_choice.hpp"
#include "filter/anchor_trie.hpp"

namespace intake::filter {

struct TriggerIndex::Anchors {
  detail::AnchorTrie trie;
  detail::TriggerList unanchored;  // enabled triggers that require no (path, scalar) pair
  std::size_t anchored = 0;
};

TriggerIndex::TriggerIndex(std::vector<Trigger> triggers)
    : triggers_(std::move(triggers)), anchors_(std::make_unique<Anchors>()) {
  std::vector<const CompiledFragment*> criteria;
  std::vector<std::uint32_t> positions;
  for (std::size_t i = 0; i < triggers_.size(); ++i) {
    if (!triggers_[i].enabled) continue;  // never matches: keep it out of the index
    criteria.push_back(&triggers_[i].criteria);
    positions.push_back(static_cast<std::uint32_t>(i));
  }
  const auto chosen = detail::choose_anchors(criteria);
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (chosen[k]) {
      anchors_->trie.add(chosen[k]->path, chosen[k]->value, positions[k]);
      ++anchors_->anchored;
    } else {
      anchors_->unanchored.push_back(positions[k]);
    }
  }
}

TriggerIndex::TriggerIndex() = default;
TriggerIndex::~TriggerIndex() = default;
TriggerIndex::TriggerIndex(TriggerIndex&&) noexcept = default;
TriggerIndex& TriggerIndex::operator=(TriggerIndex&&) noexcept = default;

std::size_t TriggerIndex::anchored_count() const { return anchors_ ? anchors_->anchored : 0; }

bool TriggerIndex::passes(const Trigger& trigger, std::string_view inbox,
                          const nlohmann::json& doc) const {
  if (!trigger.enabled) return false;
  if (trigger.inbox && *trigger.inbox != inbox) return false;
  if (!trigger.criteria.matches(doc)) return false;
  return std::none_of(trigger.exclusions.begin(), trigger.exclusions.end(),
                      [&](const CompiledFragment& exclusion) { return exclusion.matches(doc); });
}

std::vector<std::size_t> TriggerIndex::match(std::string_view inbox,
                                             const nlohmann::json& doc) const {
  std::vector<std::size_t> matched;
  if (!anchors_) return matched;
  detail::TriggerList candidates = anchors_->unanchored;
  anchors_->trie.collect(doc, candidates);
  std::sort(candidates.begin(), candidates.end());  // config order
  for (const std::uint32_t position : candidates) {
    if (passes(triggers_[position], inbox, doc)) matched.push_back(position);
  }
  return matched;
}

bool TriggerIndex::may_match(std::string_view inbox) const {
  return std::any_of(triggers_.begin(), triggers_.end(), [&](const Trigger& trigger) {
    return trigger.enabled && (!trigger.inbox || *trigger.inbox == inbox);
  });
}

std::vector<std::string> TriggerIndex::match_names(std::string_view inbox,
                                                   const nlohmann::json& doc) const {
  std::vector<std::string> names;
  for (const std::size_t position : match(inbox, doc)) names.push_back(triggers_[position].name);
  return names;
}

std::vector<TriggerVerdict> TriggerIndex::explain_all(std::string_view inbox,
                                                      const nlohmann::json& doc) const {
  std::vector<TriggerVerdict> verdicts;
  verdicts.reserve(triggers_.size());
  for (std::size_t i = 0; i < triggers_.size(); ++i) {
    const Trigger& trigger = triggers_[i];
    TriggerVerdict verdict;
    verdict.index = i;
    verdict.name = trigger.name;
    if (!trigger.enabled) {
      verdict.kind = VerdictKind::disabled;
    } else if (trigger.inbox && *trigger.inbox != inbox) {
      verdict.kind = VerdictKind::other_inbox;
    } else if (auto explanation = explain(trigger.criteria, doc); !explanation.matched) {
      verdict.kind = VerdictKind::criteria_not_met;
      verdict.mismatch = std::move(explanation.mismatch);
    } else {
      verdict.kind = VerdictKind::matched;
      for (std::size_t e = 0; e < trigger.exclusions.size(); ++e) {
        if (trigger.exclusions[e].matches(doc)) {
          verdict.kind = VerdictKind::excluded;
          verdict.exclusion = e;
          break;
        }
      }
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

}  // namespace intake::filter
