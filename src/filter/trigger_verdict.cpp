// Rendering of TriggerVerdict for `intake match` (text and --json).
#include "intake/filter/trigger_index.hpp"

namespace intake::filter {

std::string_view to_string(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::matched:
      return "matched";
    case VerdictKind::disabled:
      return "disabled";
    case VerdictKind::other_inbox:
      return "other_inbox";
    case VerdictKind::criteria_not_met:
      return "no_match";
    case VerdictKind::excluded:
      return "excluded";
  }
  return "unknown";
}

std::string TriggerVerdict::to_string() const {
  std::string line = name + ": ";
  switch (kind) {
    case VerdictKind::matched:
      return line + "matched";
    case VerdictKind::disabled:
      return line + "disabled";
    case VerdictKind::other_inbox:
      return line + "not for this inbox";
    case VerdictKind::criteria_not_met:
      return line + "no match: " + (mismatch ? mismatch->to_string() : std::string("?"));
    case VerdictKind::excluded:
      return line + "excluded by exclude[" + std::to_string(exclusion.value_or(0)) + "]";
  }
  return line;
}

nlohmann::json TriggerVerdict::to_json() const {
  nlohmann::json out{{"trigger", name}, {"index", index}, {"result", filter::to_string(kind)}};
  if (mismatch) out["reason"] = mismatch->to_json();
  if (exclusion) out["exclusion"] = *exclusion;
  return out;
}

}  // namespace intake::filter
