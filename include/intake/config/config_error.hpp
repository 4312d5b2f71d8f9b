#pragma once

#include <stdexcept>
#include <string>

namespace intake {

// A config problem with where it is: file:line:column and the key path (e.g. inboxes.commcare.auth[0]).
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, int column, std::string key_path, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string key_path_;
  std::string message_;
};

}  // namespace intake
