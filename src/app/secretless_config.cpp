#include "app/secretless_config.hpp"

#include <iostream>

#include "intake/config/config_loader.hpp"

namespace intake {

Config load_config_without_secrets(const std::string& path, std::string_view command) {
  try {
    return load_config_file(path);
  } catch (const ConfigError& e) {
    if (e.message().find("is not set") == std::string::npos) throw;
    const EnvLookup placeholders = [real = process_environment()](const std::string& name) {
      return real(name).value_or("unset-" + name);
    };
    Config config = load_config_file(path, placeholders);
    std::cerr << "note: " << e.message() << "; placeholders were used for unset variables ("
              << command << " needs no secrets)\n";
    return config;
  }
}

}  // namespace intake
