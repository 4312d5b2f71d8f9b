#include "config/handler_specs.hpp"

#include <algorithm>
#include <set>

namespace intake::config_detail {
namespace {

std::vector<ParamProblem> unknown_keys(const nlohmann::json& params,
                                       const std::set<std::string>& allowed) {
  std::vector<ParamProblem> problems;
  if (!params.is_object()) {
    problems.push_back({"", "params must be a mapping"});
    return problems;
  }
  for (const auto& [key, value] : params.items()) {
    if (!allowed.count(key)) {
      std::string known;
      for (const auto& k : allowed) known += (known.empty() ? "" : ", ") + k;
      problems.push_back({"/" + key, "unknown parameter '" + key + "' (known: " + known + ")"});
    }
  }
  return problems;
}

std::vector<ParamProblem> validate_log(const nlohmann::json& params) {
  auto problems = unknown_keys(params, {"message", "level"});
  if (params.contains("level")) {
    static const std::set<std::string> levels = {"debug", "info", "warn", "error"};
    if (!params["level"].is_string() || !levels.count(params["level"].get<std::string>())) {
      problems.push_back({"/level", "level must be debug, info, warn or error"});
    }
  }
  return problems;
}

std::vector<ParamProblem> validate_http_request(const nlohmann::json& params) {
  auto problems = unknown_keys(params, {"method", "url", "headers", "query", "body",
                                        "connect_timeout", "timeout", "follow_redirects",
                                        "ca_file", "max_response_bytes"});
  if (!params.is_object()) return problems;
  if (!params.contains("url") || !params["url"].is_string() || params["url"].get<std::string>().empty()) {
    problems.push_back({"/url", "url is required (an http:// or https:// URL, may use {{ }} templates)"});
  } else {
    const std::string url = params["url"];
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 && url.rfind("{{", 0) != 0) {
      problems.push_back({"/url", "url must start with http:// or https://"});
    }
  }
  if (params.contains("method")) {
    static const std::set<std::string> methods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    if (!params["method"].is_string() || !methods.count(params["method"].get<std::string>())) {
      problems.push_back({"/method", "method must be GET, POST, PUT, PATCH, DELETE or HEAD"});
    }
  }
  for (const char* key : {"headers", "query"}) {
    if (params.contains(key) && !params[key].is_object()) {
      problems.push_back({std::string("/") + key, std::string(key) + " must be a mapping of names to values"});
    }
  }
  return problems;
}

}  // namespace

const std::vector<HandlerSpec>& handler_specs() {
  static const std::vector<HandlerSpec> specs = {
      {"log", "writes its input to the run log", false, validate_log},
      {"http.request", "calls an HTTP API", false, validate_http_request},
  };
  return specs;
}

const HandlerSpec* find_handler_spec(std::string_view name) {
  const auto& specs = handler_specs();
  auto it = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

}  // namespace intake::config_detail
