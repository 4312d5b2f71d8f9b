#include "intake/config/config_error.hpp"

namespace intake {
namespace {

std::string describe(const std::string& file, int line, int column, const std::string& key_path,
                     const std::string& message) {
  std::string where = file;
  if (line > 0) where += ":" + std::to_string(line) + ":" + std::to_string(column);
  return where + ": " + (key_path.empty() ? "" : key_path + ": ") + message;
}

}  // namespace

ConfigError::ConfigError(std::string file, int line, int column, std::string key_path,
                         std::string message)
    : std::runtime_error(describe(file, line, column, key_path, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

}  // namespace intake
