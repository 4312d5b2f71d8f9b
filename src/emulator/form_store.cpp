#include "emulator/form_store.hpp"

#include <algorithm>

namespace intake::emulator {

const StoredForm* FormStore::find(const std::string& domain, const std::string& id) const {
  for (const auto& form : current_) {
    if (form.domain == domain && form.id == id) return &form;
  }
  return nullptr;
}

std::string FormStore::owner_of(const std::string& id) const {
  for (const auto& form : current_) {
    if (form.id == id) return form.domain;
  }
  return "";
}

void FormStore::add(StoredForm form) { current_.push_back(std::move(form)); }

void FormStore::replace(StoredForm form, const std::string& deprecated_id) {
  auto it = std::find_if(current_.begin(), current_.end(), [&](const StoredForm& f) {
    return f.domain == form.domain && f.id == form.id;
  });
  if (it != current_.end()) {
    StoredForm old = std::move(*it);
    current_.erase(it);
    old.json["orig_id"] = old.id;
    old.id = deprecated_id;
    old.json["id"] = deprecated_id;
    old.json["doc_type"] = "XFormDeprecated";
    replaced_.push_back(std::move(old));
  }
  current_.push_back(std::move(form));
}

std::vector<const StoredForm*> FormStore::list(const std::string& domain) const {
  std::vector<const StoredForm*> out;
  for (const auto& form : current_) {
    if (domain.empty() || form.domain == domain) out.push_back(&form);
  }
  return out;
}

void FormStore::clear() {
  current_.clear();
  replaced_.clear();
  duplicates_.clear();
  errors_.clear();
}

namespace {

// meta.appVersion may come as {"#text": ..., "@xmlns": ...}: the Form API flattens it.
nlohmann::json flatten_text(const nlohmann::json& value) {
  if (value.is_object() && value.contains("#text")) return value["#text"];
  return value;
}

}  // namespace

nlohmann::json make_form_document(const FormDocumentInput& input) {
  nlohmann::json form = input.form;
  nlohmann::json metadata = {{"deprecatedID", nullptr},      {"location", nullptr},
                             {"doc_type", "Metadata"},       {"appVersion", nullptr},
                             {"app_build_version", nullptr}, {"commcare_version", nullptr},
                             {"geo_point", nullptr}};
  if (form.contains("meta") && form["meta"].is_object()) {
    auto& meta = form["meta"];
    if (meta.contains("appVersion")) meta["appVersion"] = flatten_text(meta["appVersion"]);
    for (const char* key : {"app_build_version", "commcare_version", "geo_point"}) {
      if (!meta.contains(key)) meta[key] = nullptr;
    }
    for (const auto& [key, value] : meta.items()) {
      if (!key.empty() && key[0] != '@') metadata[key] = flatten_text(value);
    }
  }
  const std::string uri = "/a/" + input.domain + "/api/form/v1/" + input.id + "/";
  return {{"id", input.id},
          {"domain", input.domain},
          {"app_id", input.app_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.app_id)},
          {"build_id", nullptr},
          {"received_on", input.received_on},
          {"server_modified_on", input.received_on},
          {"indexed_on", input.received_on},
          {"form", form},
          {"metadata", metadata},
          {"attachments",
           {{"form.xml",
             {{"content_type", "text/xml"},
              {"length", input.xml_length},
              {"url", "/a/" + input.domain + "/api/form/attachment/" + input.id + "/form.xml"}}}}},
          {"type", form.value("#type", "data")},
          {"version", form.value("@version", "")},
          {"uiversion", form.value("@uiVersion", "")},
          {"archived", false},
          {"problem", nullptr},
          {"edited_on", nullptr},
          {"edited_by_user_id", nullptr},
          {"initial_processing_complete", true},
          {"submit_ip", input.submit_ip},
          {"is_phone_submission", true},
          {"resource_uri", uri}};
}

}  // namespace intake::emulator
