#include "app/store_command.hpp"

#include <filesystem>
#include <iostream>

#include "app/secretless_config.hpp"

namespace intake::inspect {

int with_store(const std::string& config_path, std::string_view command,
               const std::function<int(const Config&, StoreReader&)>& body) {
  Config config;
  try {
    config = load_config_without_secrets(config_path, command);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  std::unique_ptr<StoreReader> reader;
  try {
    reader = open_store_reader(config.storage.path);
  } catch (const StoreNotFound&) {
    std::cerr << "error: no store at " << config.storage.path;
    std::error_code ignored;
    const auto absolute = std::filesystem::absolute(config.storage.path, ignored);
    if (!ignored && absolute.string() != config.storage.path)
      std::cerr << " (" << absolute.string() << ")";
    std::cerr << " (has intake run with this config? a relative storage.path is taken from the "
                 "current directory)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  try {
    return body(config, *reader);
  } catch (const std::exception& e) {
    std::cerr << "error: cannot read the store at " << config.storage.path << ": " << e.what()
              << "\n";
    return 1;
  }
}

}  // namespace intake::inspect
