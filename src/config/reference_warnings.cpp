#include <set>

#include "config/sections.hpp"

namespace intake::config_detail {

void add_reference_warnings(Config& config) {
  std::set<std::string> started, used_credentials;
  for (const auto& trigger : config.triggers) started.insert(trigger.jobs.begin(), trigger.jobs.end());
  for (const auto& [name, job] : config.jobs) {
    if (!started.count(name)) {
      config.warnings.push_back(config.source + ": jobs." + name + ": no trigger starts this job");
    }
    if (!job.credential.empty()) used_credentials.insert(job.credential);
  }
  for (const auto& [name, credential] : config.credentials) {
    if (!used_credentials.count(name)) {
      config.warnings.push_back(config.source + ": credentials." + name + ": no job uses this credential");
    }
  }
}

}  // namespace intake::config_detail
