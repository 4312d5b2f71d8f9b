#include "emulator/seed.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "emulator/hq_values.hpp"
#include "intake/ingest/xml_to_json.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read fixture " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  json value = json::parse(text.str(), nullptr, false);
  if (value.is_discarded()) throw std::runtime_error("fixture " + path.string() + " is not JSON");
  return value;
}

std::string text(const json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

std::string hq_time(const std::string& value) {
  return normalize_hq_datetime(value).value_or(value);
}

void seed_form(State& state, json form, const std::string& domain) {
  form.erase("__query_params");
  const std::string id = text(form, "id");
  form["domain"] = domain;
  form["resource_uri"] = "/a/" + domain + "/api/form/v1/" + id + "/";
  if (!form.contains("indexed_on")) form["indexed_on"] = form.value("received_on", hq_now());
  state.forms.add({domain, id, "", form});
}

// A forwarded ("lite") case → the store's case.
void seed_case(State& state, const json& source, const std::string& domain) {
  const json properties = source.value("properties", json::object());
  Case c;
  c.domain = domain;
  c.case_id = text(source, "case_id");
  c.case_type = text(properties, "case_type");
  c.case_name = text(properties, "case_name");
  c.owner_id = text(properties, "owner_id");
  c.external_id = text(properties, "external_id");
  c.date_opened = hq_time(text(properties, "date_opened"));
  c.user_id = text(source, "user_id");
  c.last_modified = hq_time(text(source, "date_modified"));
  c.server_last_modified = hq_time(text(source, "server_date_modified"));
  c.closed = source.value("closed", false);
  if (source.contains("date_closed") && source["date_closed"].is_string()) {
    c.date_closed = hq_time(source["date_closed"].get<std::string>());
  }
  for (const auto& [name, value] : properties.items()) {
    static const std::set<std::string> fields = {"case_type", "case_name", "owner_id",
                                                 "external_id", "date_opened"};
    if (fields.count(name)) continue;
    c.properties[name] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  const json indices = source.value("indices", json::object());
  for (const auto& [name, index] : indices.items()) {
    c.indices[name] = {text(index, "case_id"), text(index, "case_type"),
                       text(index, "relationship").empty() ? "child" : text(index, "relationship")};
  }
  if (source.contains("xform_ids"))
    c.xform_ids = source["xform_ids"].get<std::vector<std::string>>();
  state.cases.put(std::move(c));
}

}  // namespace

void seed_from_fixtures(State& state, const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("--seed-fixtures: " + dir.string() + " is not a directory");
  }
  const std::string domain = state.options.domains.front();
  const auto commcare = dir / "commcare";
  // The OpenFn payloads, in name order so every start seeds the same order.
  std::vector<std::filesystem::path> openfn;
  if (std::filesystem::is_directory(dir / "openfn")) {
    for (const auto& entry : std::filesystem::directory_iterator(dir / "openfn")) {
      openfn.push_back(entry.path());
    }
  }
  std::sort(openfn.begin(), openfn.end());
  auto named = [](const std::filesystem::path& path, const char* prefix) {
    return path.filename().string().rfind(prefix, 0) == 0;
  };
  const json list = read_json(commcare / "form_v1_list_response.json");
  for (const auto& form : list.value("objects", json::array())) {
    seed_form(state, form, domain);
  }
  for (const auto& path : openfn) {
    if (named(path, "commcare-form-")) seed_form(state, read_json(path), domain);
  }
  seed_case(state, read_json(commcare / "forwarded_case.json"), domain);
  for (const auto& path : openfn) {
    if (named(path, "commcare-case-")) seed_case(state, read_json(path), domain);
  }
}

}  // namespace intake::emulator
