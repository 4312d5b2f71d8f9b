#pragma once

#include <string>
#include <string_view>

#include "intake/config/config_loader.hpp"

namespace intake::config_detail {

// Replaces ${VAR} and ${VAR:-default} with values from the environment; "$${" stays a literal "${".
// Throws std::invalid_argument naming the variable when one is unset and has no default, or when
// a reference is not closed.
std::string expand_env(std::string_view text, const EnvLookup& env);

}  // namespace intake::config_detail
