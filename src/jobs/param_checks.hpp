#pragma once
// Collects every problem with a handler's params, then throws them together as a ParamError.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "intake/jobs/handler.hpp"
#include "intake/mapping/template.hpp"

namespace intake::jobs {

class ParamChecks {
 public:
  // Params must be a mapping with only `allowed` keys.
  ParamChecks(const nlohmann::json& params, std::set<std::string> allowed);

  const nlohmann::json& params() const { return params_; }
  bool has(const std::string& key) const { return params_.is_object() && params_.contains(key); }
  void problem(std::string pointer, std::string message);

  // A string param, `fallback` when absent.
  std::string string(const std::string& key, std::string fallback);
  std::string required_string(const std::string& key, const std::string& hint);
  std::string one_of(const std::string& key, std::initializer_list<const char*> choices,
                     std::string fallback);
  bool boolean(const std::string& key, bool fallback);
  // A positive integer param, `fallback` when absent.
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max,
                       std::int64_t fallback);

  // A duration param ("10s", "500ms", or a number of seconds), `fallback` when absent.
  std::chrono::milliseconds duration(const std::string& key, std::chrono::milliseconds min,
                                     std::chrono::milliseconds fallback);

  // A param compiled as a mapping template (docs/mapping.md), nullopt when absent; template
  // errors become problems at their place.
  std::optional<mapping::Template> template_value(const std::string& key);

  void throw_if_any() const;

 private:
  const nlohmann::json& params_;
  std::vector<ParamProblem> problems_;
};

}  // namespace intake::jobs
