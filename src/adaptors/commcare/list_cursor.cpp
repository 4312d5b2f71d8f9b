#include "adaptors/commcare/list_cursor.hpp"

namespace intake::adaptors::commcare {

ListCursor ListCursor::from_data(const nlohmann::json& data) {
  ListCursor cursor;
  if (!data.is_object() || !data.contains("cursor") || !data["cursor"].is_string()) return cursor;
  cursor.value_ = data["cursor"].get<std::string>();
  cursor.previous_value_ = cursor.value_;
  if (data.contains("cursor_ids") && data["cursor_ids"].is_array()) {
    for (const auto& id : data["cursor_ids"]) {
      if (id.is_string()) cursor.previous_.insert(id.get<std::string>());
    }
  }
  cursor.ids_ = cursor.previous_;
  return cursor;
}

bool ListCursor::is_new(const std::string& id, const std::string& at) const {
  if (previous_value_.empty()) return true;
  if (at < previous_value_) return false;  // older than the window (a same-run reappearance)
  return !(at == previous_value_ && previous_.count(id));
}

void ListCursor::advance(const std::string& id, const std::string& at) {
  if (at.empty() || at < value_) return;
  if (at > value_) {
    value_ = at;
    ids_.clear();
  }
  ids_.insert(id);
}

nlohmann::json ListCursor::ids() const {
  auto out = nlohmann::json::array();
  for (const auto& id : ids_) out.push_back(id);
  return out;
}

}  // namespace intake::adaptors::commcare
