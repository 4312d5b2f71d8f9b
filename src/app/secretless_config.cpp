#include "app/secretless_config.hpp"

#include <iostream>
#include <regex>
#include <set>

#include "intake/config/config_loader.hpp"

namespace intake {
namespace {

// The variable a "… environment variable NAME is not set …" config error names, if any.
std::optional<std::string> unset_variable(const ConfigError& error) {
  static const std::regex kUnset(R"(environment variable ([A-Za-z_][A-Za-z0-9_]*) is not set)");
  std::smatch match;
  const std::string message = error.message();
  if (!std::regex_search(message, match, kUnset)) return std::nullopt;
  return match[1].str();
}

}  // namespace

Config load_config_without_secrets(const std::string& path, std::string_view command) {
  // Only variables that are unset *and* have no ${NAME:-default} get a placeholder: they are
  // found one load at a time, so every default still applies (a URL default stays a URL).
  std::set<std::string> placeholders;
  const EnvLookup environment = process_environment();
  const EnvLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (placeholders.count(name)) return "unset-" + name;
    return environment(name);
  };
  while (true) {
    try {
      Config config = load_config_file(path, lookup);
      for (const std::string& name : placeholders) {
        std::cerr << "note: " << name << " is not set: a placeholder stands in for it (" << command
                  << " needs no secrets)\n";
      }
      return config;
    } catch (const ConfigError& e) {
      const auto name = unset_variable(e);
      if (!name || !placeholders.insert(*name).second) throw;
    }
  }
}

}  // namespace intake
