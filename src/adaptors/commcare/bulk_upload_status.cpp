#include "adaptors/commcare/bulk_upload_status.hpp"

namespace intake::adaptors::commcare {
namespace {

std::string text_of(const nlohmann::json& object, const char* key) {
  if (!object.contains(key) || object[key].is_null()) return "";
  return object[key].is_string() ? object[key].get<std::string>() : object[key].dump();
}

}  // namespace

std::string ImportRowError::summary() const {
  std::string out = title.empty() ? "error" : title;
  if (!column.empty()) out += " (column " + column + ")";
  if (!description.empty()) out += ": " + description;
  if (!rows.empty()) {
    out += "; rows";
    for (std::size_t i = 0; i < rows.size(); ++i) out += (i ? ", " : " ") + std::to_string(rows[i]);
  }
  return out;
}

ImportStatus parse_import_status(const nlohmann::json& status) {
  ImportStatus parsed;
  if (!status.is_object() || !status.contains("state")) return parsed;
  const auto& state = status["state"];
  if (state.is_number_integer()) {
    parsed.state = state.get<int>();
  } else if (state.is_string()) {
    try {
      parsed.state = std::stoi(state.get<std::string>());
    } catch (const std::exception&) {
      return parsed;
    }
  } else {
    return parsed;
  }
  parsed.valid = true;
  const auto result = status.value("result", nlohmann::json());
  if (result.is_object() && result.contains("errors") && result["errors"].is_array()) {
    for (const auto& e : result["errors"]) {
      if (!e.is_object()) continue;
      ImportRowError error{
          text_of(e, "title"), text_of(e, "description"), text_of(e, "column"), {}};
      if (e.contains("rows") && e["rows"].is_array()) {
        for (const auto& row : e["rows"]) {
          if (row.is_number_integer()) error.rows.push_back(row.get<std::int64_t>());
        }
      }
      parsed.errors.push_back(std::move(error));
    }
  }
  return parsed;
}

}  // namespace intake::adaptors::commcare
