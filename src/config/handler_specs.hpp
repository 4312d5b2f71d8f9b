#pragma once
// What the config loader knows about job handlers: their names and how to check their params
// when the config loads, so `intake check` reports mistakes before anything runs.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::config_detail {

struct ParamProblem {
  std::string pointer;  // JSON pointer inside params ("" = params itself)
  std::string message;
};

struct HandlerSpec {
  std::string name;
  std::string summary;
  bool needs_credential = false;
  std::function<std::vector<ParamProblem>(const nlohmann::json& params)> validate;
};

const std::vector<HandlerSpec>& handler_specs();
const HandlerSpec* find_handler_spec(std::string_view name);

}  // namespace intake::config_detail
