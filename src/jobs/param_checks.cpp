#include "jobs/param_checks.hpp"

#include "intake/common/duration.hpp"

namespace intake::jobs {

ParamChecks::ParamChecks(const nlohmann::json& params, std::set<std::string> allowed)
    : params_(params) {
  if (!params.is_object()) {
    problem("", "params must be a mapping");
    return;
  }
  for (const auto& [key, value] : params.items()) {
    if (allowed.count(key)) continue;
    std::string known;
    for (const auto& k : allowed) known += (known.empty() ? "" : ", ") + k;
    problem("/" + key, "unknown parameter '" + key + "' (known: " + known + ")");
  }
}

void ParamChecks::problem(std::string pointer, std::string message) {
  problems_.push_back({std::move(pointer), std::move(message)});
}

std::optional<mapping::Template> ParamChecks::template_value(const std::string& key) {
  if (!has(key)) return std::nullopt;
  try {
    return mapping::Template::compile(params_[key], "/" + key);
  } catch (const mapping::TemplateError& error) {
    for (const auto& item : error.problems()) problem(item.where, item.message);
    return std::nullopt;
  }
}

std::string ParamChecks::string(const std::string& key, std::string fallback) {
  if (!has(key)) return fallback;
  if (!params_[key].is_string()) {
    problem("/" + key, key + " must be a string");
    return fallback;
  }
  return params_[key].get<std::string>();
}

std::string ParamChecks::required_string(const std::string& key, const std::string& hint) {
  if (!has(key) || !params_[key].is_string() || params_[key].get<std::string>().empty()) {
    problem(has(key) ? "/" + key : "", key + " is required (" + hint + ")");
    return {};
  }
  return params_[key].get<std::string>();
}

std::string ParamChecks::one_of(const std::string& key, std::initializer_list<const char*> choices,
                                std::string fallback) {
  if (!has(key)) return fallback;
  std::string listed;
  for (const char* choice : choices) {
    if (params_[key].is_string() && params_[key].get<std::string>() == choice) return choice;
    listed += (listed.empty() ? "" : ", ") + std::string(choice);
  }
  problem("/" + key, key + " must be one of: " + listed);
  return fallback;
}

bool ParamChecks::boolean(const std::string& key, bool fallback) {
  if (!has(key)) return fallback;
  if (!params_[key].is_boolean()) {
    problem("/" + key, key + " must be true or false");
    return fallback;
  }
  return params_[key].get<bool>();
}

std::int64_t ParamChecks::integer(const std::string& key, std::int64_t min, std::int64_t max,
                                  std::int64_t fallback) {
  if (!has(key)) return fallback;
  const auto& value = params_[key];
  if (!value.is_number_integer() || value.get<std::int64_t>() < min ||
      value.get<std::int64_t>() > max) {
    problem("/" + key, key + " must be a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max));
    return fallback;
  }
  return value.get<std::int64_t>();
}

std::chrono::milliseconds ParamChecks::duration(const std::string& key,
                                                std::chrono::milliseconds min,
                                                std::chrono::milliseconds fallback) {
  if (!has(key)) return fallback;
  const auto& value = params_[key];
  std::optional<std::chrono::milliseconds> parsed;
  if (value.is_string()) parsed = parse_duration(value.get<std::string>());
  if (value.is_number() && value.get<double>() >= 0) {
    parsed = std::chrono::milliseconds(static_cast<std::int64_t>(value.get<double>() * 1000));
  }
  if (!parsed || *parsed < min) {
    problem("/" + key, key + " must be a duration such as 500ms, 10s or 2m (at least " +
                           std::to_string(min.count()) + "ms)");
    return fallback;
  }
  return *parsed;
}

void ParamChecks::throw_if_any() const {
  if (!problems_.empty()) throw ParamError(problems_);
}

}  // namespace intake::jobs
