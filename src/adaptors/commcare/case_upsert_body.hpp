#pragma once
// commcare.case_upsert's params: compiled into one case template (optionally per `each` element)
// and rendered into Case API v2 bulk items.

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/mapping/each_template.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors::commcare {

enum class CaseWriteKind { create, update, upsert };

class CaseUpsertBody {
 public:
  // Checks and compiles the params; problems go to `checks`. nullopt when a problem was found.
  static std::optional<CaseUpsertBody> compile(jobs::ParamChecks& checks);

  // The bulk items for one run's state (one per `each` element). Throws mapping::MappingError
  // or std::invalid_argument (a value HQ cannot take).
  std::vector<nlohmann::json> render(const nlohmann::json& state) const;

 private:
  CaseUpsertBody(CaseWriteKind kind, mapping::EachTemplate item)
      : kind_(kind), item_(std::move(item)) {}
  CaseWriteKind kind_;
  mapping::EachTemplate item_;
};

}  // namespace intake::adaptors::commcare
