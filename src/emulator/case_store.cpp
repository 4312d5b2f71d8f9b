#include "emulator/case_store.hpp"

#include <algorithm>

#include "emulator/hq_values.hpp"

namespace intake::emulator {

nlohmann::json Case::to_json() const {
  nlohmann::json indices_json = nlohmann::json::object();
  for (const auto& [name, index] : indices) {
    indices_json[name] = {{"case_id", index.case_id},
                          {"case_type", index.case_type},
                          {"relationship", index.relationship}};
  }
  return {
      {"domain", domain},
      {"case_id", case_id},
      {"case_type", case_type},
      {"case_name", case_name},
      {"external_id", external_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(external_id)},
      {"owner_id", owner_id},
      {"date_opened", date_opened},
      {"last_modified", last_modified},
      {"server_last_modified", server_last_modified},
      {"indexed_on", indexed_on},
      {"closed", closed},
      {"date_closed", date_closed ? nlohmann::json(*date_closed) : nlohmann::json(nullptr)},
      {"properties", properties},
      {"indices", indices_json}};
}

const Case* CaseStore::find(const std::string& domain, const std::string& case_id) const {
  auto it = cases_.find(key(domain, case_id));
  return it == cases_.end() ? nullptr : &it->second;
}

std::vector<const Case*> CaseStore::find_by_external_id(const std::string& domain,
                                                        const std::string& external_id,
                                                        const std::string& case_type) const {
  std::vector<const Case*> found;
  for (const auto& [k, c] : cases_) {
    if (c.domain == domain && c.external_id == external_id &&
        (case_type.empty() || c.case_type == case_type)) {
      found.push_back(&c);
    }
  }
  return found;
}

const Case& CaseStore::apply(const std::string& domain, const CaseChange& change,
                             const std::string& form_id) {
  const std::string now = hq_now();
  auto [it, created] = cases_.try_emplace(key(domain, change.case_id));
  Case& c = it->second;
  if (created) {
    c.domain = domain;
    c.case_id = change.case_id;
    c.date_opened = change.date_modified.empty() ? now : change.date_modified;
    c.owner_id = change.user_id;
  }
  if (change.case_type) c.case_type = *change.case_type;
  if (change.case_name) c.case_name = *change.case_name;
  if (change.owner_id) c.owner_id = *change.owner_id;
  if (change.external_id) c.external_id = *change.external_id;
  if (change.date_opened) c.date_opened = *change.date_opened;
  for (const auto& [name, value] : change.properties) c.properties[name] = value;
  for (const auto& [name, index] : change.indices) {
    if (index.case_id.empty()) {
      c.indices.erase(name);
    } else {
      c.indices[name] = index;
    }
  }
  if (change.close && !c.closed) {
    c.closed = true;
    c.date_closed = now;
  }
  c.user_id = change.user_id;
  c.last_modified = change.date_modified.empty() ? now : change.date_modified;
  c.server_last_modified = now;
  c.indexed_on = now;
  if (!form_id.empty()) c.xform_ids.push_back(form_id);
  return c;
}

void CaseStore::put(Case c) {
  if (c.indexed_on.empty()) c.indexed_on = hq_now();
  if (c.server_last_modified.empty()) c.server_last_modified = c.indexed_on;
  if (c.last_modified.empty()) c.last_modified = c.server_last_modified;
  if (c.date_opened.empty()) c.date_opened = c.last_modified;
  const std::string k = key(c.domain, c.case_id);
  cases_[k] = std::move(c);
}

std::vector<const Case*> CaseStore::list(const std::string& domain) const {
  std::vector<const Case*> out;
  for (const auto& [k, c] : cases_) {
    if (domain.empty() || c.domain == domain) out.push_back(&c);
  }
  std::sort(out.begin(), out.end(), [](const Case* a, const Case* b) {
    return std::tie(a->indexed_on, a->case_id) < std::tie(b->indexed_on, b->case_id);
  });
  return out;
}

}  // namespace intake::emulator
