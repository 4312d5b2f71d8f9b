#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "intake/config/config.hpp"
#include "intake/config/config_error.hpp"

namespace intake {

// Looks up an environment variable; std::nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment.
EnvLookup process_environment();

// Loads and validates a config. Throws ConfigError (file, line, column, key path) on the first
// problem: unknown keys, wrong types, bad values, a ${VAR} that is unset and has no default.
Config load_config_file(const std::string& path, const EnvLookup& env = process_environment());
Config load_config_text(std::string_view yaml, const std::string& source_name,
                        const EnvLookup& env = process_environment());

}  // namespace intake
