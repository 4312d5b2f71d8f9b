#pragma once
// All message triggers of a config, indexed so that a message is tested only against the
// triggers that can match it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/filter/explanation.hpp"
#include "intake/filter/fragment.hpp"

namespace intake::filter {

struct Trigger {
  std::string name;
  std::optional<std::string> inbox;  // absent: every inbox
  CompiledFragment criteria;
  std::vector<CompiledFragment> exclusions;  // any one matching excludes the message
  bool enabled = true;
};

enum class VerdictKind { matched, disabled, other_inbox, criteria_not_met, excluded };

struct TriggerVerdict {
  std::size_t index = 0;  // position in config order
  std::string name;
  VerdictKind kind = VerdictKind::criteria_not_met;
  std::optional<Mismatch> mismatch;      // for criteria_not_met
  std::optional<std::size_t> exclusion;  // for excluded: which exclusion matched
  bool matched() const { return kind == VerdictKind::matched; }
  // One line: "registrations: matched", "cases: no match: /properties/case_type: expected …".
  std::string to_string() const;
  nlohmann::json to_json() const;
};

std::string_view to_string(VerdictKind kind);

class TriggerIndex {
 public:
  TriggerIndex();
  explicit TriggerIndex(std::vector<Trigger> triggers);
  ~TriggerIndex();
  TriggerIndex(TriggerIndex&&) noexcept;
  TriggerIndex& operator=(TriggerIndex&&) noexcept;

  // Indices (config order) of the enabled triggers for `inbox` whose criteria the document
  // contains and none of whose exclusions it contains.
  std::vector<std::size_t> match(std::string_view inbox, const nlohmann::json& doc) const;
  std::vector<std::string> match_names(std::string_view inbox, const nlohmann::json& doc) const;

  // Every trigger in config order with matched or its first reason (slow path, for `intake match`).
  std::vector<TriggerVerdict> explain_all(std::string_view inbox, const nlohmann::json& doc) const;

  // Whether any enabled trigger listens to `inbox`: when none does, a message there needs no
  // JSON view to be matched.
  bool may_match(std::string_view inbox) const;

  const std::vector<Trigger>& triggers() const { return triggers_; }
  std::size_t anchored_count() const;  // triggers reachable through an anchor (for diagnostics)

 private:
  struct Anchors;
  bool passes(const Trigger& trigger, std::string_view inbox, const nlohmann::json& doc) const;

  std::vector<Trigger> triggers_;
  std::unique_ptr<Anchors> anchors_;
};

}  // namespace intake::filter
