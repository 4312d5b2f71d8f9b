#pragma once
// Loading the config for commands that need no secrets (match, messages, runs...): operators
// should not have to export production credentials to debug a filter or read the store.

#include <string>
#include <string_view>

#include "intake/config/config.hpp"

namespace intake {

// Loads and validates `path`. When a ${VAR} is unset, loads again with placeholders for the
// unset variables and says so on stderr (naming `command`). Throws what load_config_file throws
// for any other problem.
Config load_config_without_secrets(const std::string& path, std::string_view command);

}  // namespace intake
