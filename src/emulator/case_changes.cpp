#include "emulator/case_changes.hpp"

#include <map>
#include <set>

#include "emulator/hq_values.hpp"
#include "intake/common/ids.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

const std::set<std::string> kCreateFields = {"case_type",   "case_name",    "owner_id",
                                             "external_id", "properties",   "indices",
                                             "close",       "temporary_id", "user_id"};
const std::set<std::string> kUpdateFields = {"case_id",  "case_type",   "case_name",
                                             "owner_id", "external_id", "properties",
                                             "indices",  "close",       "user_id"};

std::string received(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::optional<std::string> check_string_fields(const json& item) {
  for (const char* field :
       {"case_id", "case_type", "case_name", "owner_id", "external_id", "temporary_id"}) {
    if (item.contains(field) && !item[field].is_string() && !item[field].is_null()) {
      return std::string("Property ") + field + " must be a string, received '" +
             received(item[field]) + "'";
    }
  }
  if (item.contains("close") && !item["close"].is_boolean()) {
    return "Property close must be a boolean, received '" + received(item["close"]) + "'";
  }
  return std::nullopt;
}

std::optional<std::string> check_properties(const json& item) {
  if (!item.contains("properties")) return std::nullopt;
  const json& properties = item["properties"];
  if (!properties.is_object()) return "Property properties must be an object";
  for (const auto& [name, value] : properties.items()) {
    if (!is_valid_property_name(name)) {
      return "Error with case property '" + name +
             "'. Case property names must be valid XML identifiers.";
    }
    if (!value.is_string()) {
      return "Error with case property '" + name + "'. Values must be strings, received '" +
             received(value) + "'";
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_indices(const json& item) {
  if (!item.contains("indices")) return std::nullopt;
  const json& indices = item["indices"];
  if (!indices.is_object()) return "Property indices must be an object";
  for (const auto& [name, index] : indices.items()) {
    if (!is_valid_property_name(name)) {
      return "Error with index '" + name + "'. Index names must be valid XML identifiers.";
    }
    if (!index.is_object()) return "Index '" + name + "' must be an object";
    int ids = 0;
    for (const char* key : {"case_id", "external_id", "temporary_id"}) {
      if (index.contains(key) && index[key].is_string() && !index[key].get<std::string>().empty()) {
        ++ids;
      }
    }
    if (ids > 1) return "Indices must specify case_id, external_id, or temporary ID, and only one";
    if (ids == 1) {
      for (const char* key : {"case_type", "relationship"}) {
        if (!index.contains(key) || !index[key].is_string() ||
            index[key].get<std::string>().empty()) {
          return std::string("Property ") + key +
                 " is required when creating or updating case indices";
        }
      }
      const std::string relationship = index["relationship"];
      if (relationship != "child" && relationship != "extension") {
        return "Property relationship must be 'child' or 'extension', received '" + relationship +
               "'";
      }
    }
  }
  return std::nullopt;
}

std::string text(const json& item, const char* key) {
  return item.contains(key) && item[key].is_string() ? item[key].get<std::string>() : "";
}

std::optional<std::string> optional_text(const json& item, const char* key) {
  if (item.contains(key) && item[key].is_string()) return item[key].get<std::string>();
  return std::nullopt;
}

}  // namespace

std::optional<std::string> read_case_write(json item, bool bulk,
                                           std::optional<WriteKind> fixed_kind, CaseWrite& out) {
  if (!item.is_object()) return "Each case must be a JSON object";
  WriteKind kind = fixed_kind.value_or(WriteKind::create);
  if (bulk) {
    const json create = item.contains("create") ? item["create"] : json(nullptr);
    item.erase("create");
    if (create.is_boolean()) {
      kind = create.get<bool>() ? WriteKind::create : WriteKind::update;
    } else if (!create.is_null()) {
      return "Property create must be true, false or null, received '" + received(create) + "'";
    } else if (!text(item, "external_id").empty() && text(item, "case_id").empty()) {
      kind = WriteKind::upsert;
    } else {
      return "A 'create' flag is required for each update.";
    }
  }
  if (kind == WriteKind::create && item.contains("case_id")) {
    return "You cannot specify case_id when creating a new case";
  }
  const auto& allowed = kind == WriteKind::create ? kCreateFields : kUpdateFields;
  for (const auto& [field, value] : item.items()) {
    if (!allowed.count(field) && !(kind == WriteKind::upsert && field == "temporary_id")) {
      return "'" + field + "' is not a valid field.";
    }
  }
  if (auto error = check_string_fields(item)) return error;
  if (auto error = check_properties(item)) return error;
  if (auto error = check_indices(item)) return error;
  if (kind == WriteKind::create) {
    for (const char* field : {"case_name", "case_type", "owner_id"}) {
      if (text(item, field).empty()) return std::string("Property ") + field + " is required.";
    }
  }
  if (kind == WriteKind::update && text(item, "case_id").empty() &&
      text(item, "external_id").empty()) {
    return "Case updates must provide either a case_id or external_id";
  }
  out.kind = kind;
  out.data = std::move(item);
  return std::nullopt;
}

ResolvedWrites resolve_case_writes(const std::vector<CaseWrite>& writes, const CaseStore& store,
                                   const std::string& domain, const std::string& user_id) {
  ResolvedWrites result;
  std::map<std::string, std::string> by_temporary_id, by_external_id_in_request;
  std::vector<std::string> case_ids(writes.size());

  auto lookup_external = [&](const std::string& external_id, std::string& error) -> std::string {
    if (auto it = by_external_id_in_request.find(external_id);
        it != by_external_id_in_request.end()) {
      return it->second;
    }
    const auto found = store.find_by_external_id(domain, external_id);
    if (found.size() > 1) {
      error = "There are multiple cases with external_id " + external_id;
    } else if (found.empty()) {
      error = "Could not find a case with external_id '" + external_id + "'";
    } else {
      return found.front()->case_id;
    }
    return "";
  };

  // Upserts are looked up before anything changes (HQ: the same external id twice in one
  // request creates two cases).
  std::vector<bool> creates(writes.size(), false);
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const json& data = writes[i].data;
    switch (writes[i].kind) {
      case WriteKind::create:
        creates[i] = true;
        case_ids[i] = new_uuid_v4();
        break;
      case WriteKind::upsert: {
        const auto found = store.find_by_external_id(domain, text(data, "external_id"));
        if (found.size() > 1) {
          result.error = "There are multiple cases with external_id " + text(data, "external_id");
          return result;
        }
        creates[i] = found.empty();
        case_ids[i] = found.empty() ? new_uuid_v4() : found.front()->case_id;
        break;
      }
      case WriteKind::update:
        case_ids[i] = text(data, "case_id");
        break;
    }
    if (creates[i] && !text(data, "temporary_id").empty()) {
      by_temporary_id[text(data, "temporary_id")] = case_ids[i];
    }
    if (!case_ids[i].empty() && !text(data, "external_id").empty()) {
      by_external_id_in_request[text(data, "external_id")] = case_ids[i];
    }
  }
  std::set<std::string> created_here;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    if (creates[i]) created_here.insert(case_ids[i]);
  }

  for (std::size_t i = 0; i < writes.size(); ++i) {
    const json& data = writes[i].data;
    CaseChange change;
    change.create = creates[i];
    change.user_id = user_id;
    if (writes[i].kind == WriteKind::update) {
      if (!case_ids[i].empty()) {
        if (!store.find(domain, case_ids[i]) && !created_here.count(case_ids[i])) {
          result.error = "No case found with ID '" + case_ids[i] + "'";
          return result;
        }
      } else {
        case_ids[i] = lookup_external(text(data, "external_id"), result.error);
        if (!result.error.empty()) return result;
      }
    }
    change.case_id = case_ids[i];
    change.case_type = optional_text(data, "case_type");
    change.case_name = optional_text(data, "case_name");
    change.owner_id = optional_text(data, "owner_id");
    change.external_id = optional_text(data, "external_id");
    if (change.create && !change.owner_id) change.owner_id = user_id;
    if (data.contains("properties")) {
      for (const auto& [name, value] : data["properties"].items()) {
        change.properties[name] = value.get<std::string>();
      }
    }
    change.close = data.value("close", false);
    if (data.contains("indices")) {
      for (const auto& [name, index] : data["indices"].items()) {
        CaseIndex target;
        target.case_type = text(index, "case_type");
        target.relationship = text(index, "relationship");
        if (!text(index, "temporary_id").empty()) {
          auto it = by_temporary_id.find(text(index, "temporary_id"));
          if (it == by_temporary_id.end()) {
            result.error =
                "Could not find a case with temporary_id '" + text(index, "temporary_id") + "'";
            return result;
          }
          target.case_id = it->second;
        } else if (!text(index, "external_id").empty()) {
          target.case_id = lookup_external(text(index, "external_id"), result.error);
          if (!result.error.empty()) return result;
        } else {
          target.case_id = text(index, "case_id");
          if (!target.case_id.empty() && !store.find(domain, target.case_id) &&
              !created_here.count(target.case_id) && result.processing_error.empty()) {
            result.processing_error = "InvalidCaseIndex: Case '" + change.case_id +
                                      "' references non-existent case '" + target.case_id + "'";
          }
        }
        change.indices[name] = target;
      }
    }
    result.changes.push_back(std::move(change));
  }
  return result;
}

}  // namespace intake::emulator
