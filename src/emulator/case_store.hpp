#pragma once
// The emulator's cases, per project, serialized as Case API v2 objects. Every change stamps the
// case with a new server_last_modified and indexed_on, as HQ's indexing does, so the v2 list
// (sorted by indexed_on, then case id) shows an updated case again later.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::emulator {

struct CaseIndex {
  std::string case_id;
  std::string case_type;
  std::string relationship = "child";
};

struct Case {
  std::string domain, case_id, case_type, case_name, external_id, owner_id, user_id;
  std::string date_opened, last_modified, server_last_modified, indexed_on;
  bool closed = false;
  std::optional<std::string> date_closed;
  std::map<std::string, std::string> properties;
  std::map<std::string, CaseIndex> indices;
  std::vector<std::string> xform_ids;

  nlohmann::json to_json() const;  // HQ's Case API v2 serialization
};

// One case block (from a form, the Case API or an import), already resolved to a case id.
struct CaseChange {
  std::string case_id;
  bool create = false;
  std::optional<std::string> case_type, case_name, owner_id, external_id, date_opened;
  std::map<std::string, std::string> properties;
  std::map<std::string, CaseIndex> indices;  // an empty case_id removes the index
  bool close = false;
  std::string user_id;
  std::string date_modified;  // device time; "" = the server time
};

class CaseStore {
 public:
  const Case* find(const std::string& domain, const std::string& case_id) const;
  std::vector<const Case*> find_by_external_id(const std::string& domain,
                                               const std::string& external_id,
                                               const std::string& case_type = "") const;
  // Creates the case when it does not exist. Returns the new state.
  const Case& apply(const std::string& domain, const CaseChange& change,
                    const std::string& form_id);
  // A case as it comes (seeding); keeps its own timestamps, or stamps missing ones.
  void put(Case c);
  // The project's cases ("" = every project's) sorted by (indexed_on, case_id).
  std::vector<const Case*> list(const std::string& domain) const;
  void clear() { cases_.clear(); }

 private:
  static std::string key(const std::string& domain, const std::string& case_id) {
    return domain + '\n' + case_id;
  }
  std::map<std::string, Case> cases_;
};

}  // namespace intake::emulator
