#pragma once
// The emulator's forms: current forms (what the Form API lists), forms replaced by a reused
// instanceID (HQ keeps them as deprecated forms under a new id), identical resubmissions
// (duplicates) and error forms (processing failures).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::emulator {

struct StoredForm {
  std::string domain;
  std::string id;
  std::string xml;      // the submitted bytes ("" for generated or seeded forms)
  nlohmann::json json;  // the Form API object
};

class FormStore {
 public:
  const StoredForm* find(const std::string& domain, const std::string& id) const;
  // The project that owns form `id`, or "".
  std::string owner_of(const std::string& id) const;
  void add(StoredForm form);
  // `form` replaces the current form with its id; the old one is kept under `deprecated_id`.
  void replace(StoredForm form, const std::string& deprecated_id);
  void add_duplicate(StoredForm form) { duplicates_.push_back(std::move(form)); }
  void add_error(StoredForm form) { errors_.push_back(std::move(form)); }

  std::vector<const StoredForm*> list(const std::string& domain) const;  // "" = all projects
  const std::vector<StoredForm>& replaced() const { return replaced_; }
  const std::vector<StoredForm>& duplicates() const { return duplicates_; }
  const std::vector<StoredForm>& errors() const { return errors_; }
  void clear();

 private:
  std::vector<StoredForm> current_;  // arrival order
  std::vector<StoredForm> replaced_, duplicates_, errors_;
};

// The Form API object HQ serves for a form: `form` is the XML's JSON (HQ's converter output);
// meta fields are copied into "metadata" as HQ does.
struct FormDocumentInput {
  std::string domain, id, app_id, received_on, submit_ip;
  nlohmann::json form;
  std::size_t xml_length = 0;
};
nlohmann::json make_form_document(const FormDocumentInput& input);

}  // namespace intake::emulator
