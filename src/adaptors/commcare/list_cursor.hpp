#pragma once
// The incremental cursor of a `commcare.list` pull: the largest `cursor_field` value seen (an
// ISO-8601 timestamp such as indexed_on) and the ids seen at exactly that value. The next pull
// asks for >= cursor (HQ's filters are inclusive) and skips those ids, so nothing at the boundary
// is lost or delivered twice.

#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace intake::adaptors::commcare {

class ListCursor {
 public:
  // From a previous output ({"cursor": "...", "cursor_ids": [...]}); anything else: no cursor.
  static ListCursor from_data(const nlohmann::json& data);

  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

  // False when `object` was already delivered by the run that produced the previous cursor.
  bool is_new(const std::string& id, const std::string& at) const;
  // Moves the cursor forward over `object`'s value.
  void advance(const std::string& id, const std::string& at);

  nlohmann::json ids() const;

 private:
  std::string value_;
  std::set<std::string> ids_;       // ids at exactly value_
  std::set<std::string> previous_;  // the previous run's ids at its cursor
  std::string previous_value_;
};

}  // namespace intake::adaptors::commcare
