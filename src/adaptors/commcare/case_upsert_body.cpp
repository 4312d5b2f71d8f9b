#include "adaptors/commcare/case_upsert_body.hpp"

#include <stdexcept>

namespace intake::adaptors::commcare {
namespace {

using nlohmann::json;

// Case fields HQ takes as strings; rendered numbers and booleans become their text.
const char* const kTextFields[] = {"case_id", "external_id", "case_type", "case_name", "owner_id"};

// A case property or field value as HQ wants it: a string. nullopt for null (left out).
std::optional<std::string> as_hq_text(const json& value, const std::string& what) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  throw std::invalid_argument(what + " rendered to " + (value.is_array() ? "a list" : "an object") +
                              "; CommCare case values are strings");
}

json render_indices(const json& indices) {
  if (indices.is_null()) return nullptr;
  if (!indices.is_object()) throw std::invalid_argument("/indices must render to a mapping");
  json out = json::object();
  for (const auto& [name, index] : indices.items()) {
    if (index.is_null()) continue;
    if (!index.is_object()) {
      throw std::invalid_argument("/indices/" + name +
                                  " must be {case_id | external_id, case_type, relationship}");
    }
    json entry = json::object();
    for (const auto& [key, value] : index.items()) {
      if (auto text = as_hq_text(value, "/indices/" + name + "/" + key)) entry[key] = *text;
    }
    out[name] = std::move(entry);
  }
  return out;
}

std::optional<bool> render_close(const json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    const auto text = value.get<std::string>();
    if (text == "true" || text == "yes" || text == "1") return true;
    if (text == "false" || text == "no" || text == "0" || text.empty()) return false;
  }
  throw std::invalid_argument("/close must render to true or false, got " + value.dump());
}

}  // namespace

std::optional<CaseUpsertBody> CaseUpsertBody::compile(jobs::ParamChecks& checks) {
  const json& params = checks.params();
  bool ok = true;
  for (const char* key : {"each", "case_id", "external_id", "case_type", "case_name", "owner_id"}) {
    if (checks.has(key) && !params[key].is_string() && !params[key].is_number()) {
      checks.problem(std::string("/") + key, std::string(key) + " must be a string or template");
      ok = false;
    }
  }
  for (const char* key : {"properties", "indices"}) {
    if (checks.has(key) && !params[key].is_object() && !params[key].is_string()) {
      checks.problem(std::string("/") + key,
                     std::string(key) + " must be a mapping (or a template giving one)");
      ok = false;
    }
  }
  if (checks.has("close") && !params["close"].is_boolean() && !params["close"].is_string()) {
    checks.problem("/close", "close must be true, false or a template");
    ok = false;
  }
  CaseWriteKind kind = CaseWriteKind::create;
  if (checks.has("case_id") && checks.has("external_id")) {
    checks.problem("/external_id", "give case_id (update) or external_id (upsert), not both");
    ok = false;
  } else if (checks.has("case_id")) {
    kind = CaseWriteKind::update;
  } else if (checks.has("external_id")) {
    kind = CaseWriteKind::upsert;
  } else {
    for (const char* key : {"case_type", "case_name", "owner_id"}) {
      if (!checks.has(key)) {
        checks.problem("", std::string(key) +
                               " is required to create a case (give case_id to update one, or "
                               "external_id to upsert)");
        ok = false;
      }
    }
  }
  if (!ok) return std::nullopt;

  json item = json::object();
  for (const auto& [key, value] : params.items()) {
    if (key != "each") item[key] = value;
  }
  std::optional<std::string> each;
  if (checks.has("each")) each = params["each"].get<std::string>();
  try {
    return CaseUpsertBody(kind, mapping::EachTemplate::compile(each, item, "/each", ""));
  } catch (const mapping::TemplateError& error) {
    for (const auto& problem : error.problems()) checks.problem(problem.where, problem.message);
    return std::nullopt;
  }
}

std::vector<json> CaseUpsertBody::render(const json& state) const {
  std::vector<json> items;
  for (const json& rendered : item_.render(state)) {
    json item = json::object();
    for (const char* field : kTextFields) {
      if (!rendered.contains(field)) continue;
      auto text = as_hq_text(rendered[field], std::string("/") + field);
      if (text && !text->empty()) item[field] = *text;
    }
    switch (kind_) {
      case CaseWriteKind::create:
        item["create"] = true;
        break;
      case CaseWriteKind::update:
        if (!item.contains("case_id")) throw std::invalid_argument("/case_id rendered empty");
        item["create"] = false;
        break;
      case CaseWriteKind::upsert:  // no `create`: HQ upserts by external_id
        if (!item.contains("external_id"))
          throw std::invalid_argument("/external_id rendered empty");
        break;
    }
    if (rendered.contains("properties") && !rendered["properties"].is_null()) {
      const json& properties = rendered["properties"];
      if (!properties.is_object())
        throw std::invalid_argument("/properties must render to a mapping");
      json out = json::object();
      for (const auto& [name, value] : properties.items()) {
        // null leaves the property as it is (HQ has no null); everything else becomes text.
        if (auto text = as_hq_text(value, "/properties/" + name)) out[name] = *text;
      }
      item["properties"] = std::move(out);
    }
    if (rendered.contains("indices")) {
      json indices = render_indices(rendered["indices"]);
      if (!indices.is_null()) item["indices"] = std::move(indices);
    }
    if (rendered.contains("close")) {
      if (auto close = render_close(rendered["close"])) item["close"] = *close;
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace intake::adaptors::commcare
