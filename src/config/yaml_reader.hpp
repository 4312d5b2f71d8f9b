#pragma once
// Strict reading of YAML nodes: every error names file, line, column and key path; unknown keys
// are errors so that typos never pass silently.

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"

namespace intake::config_detail {

class YamlReader {
 public:
  YamlReader(std::string file, const EnvLookup& env) : file_(std::move(file)), env_(env) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const;
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& path,
                            const std::string& message) const;

  void expect_map(const YAML::Node& node, const std::string& path) const;
  void expect_sequence(const YAML::Node& node, const std::string& path) const;
  // Fails on the second occurrence of a key repeated in the mapping `node`.
  void reject_duplicate_keys(const YAML::Node& node, const std::string& path) const;
  // Fails on a repeated key, or on the first key of `node` not in `allowed`.
  void allow_keys(const YAML::Node& node, const std::string& path,
                  std::initializer_list<std::string_view> allowed) const;

  // Scalars, with ${ENV} expansion applied to the text.
  std::string string(const YAML::Node& node, const std::string& path) const;
  // entry[key] as a non-empty string: fails on a missing key or an empty value. `empty_hint`
  // is added to the "is empty" message (why an empty value is refused).
  std::string required_string(const YAML::Node& entry, const char* key, const std::string& path,
                              std::string_view empty_hint = "") const;
  bool boolean(const YAML::Node& node, const std::string& path) const;
  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                       std::int64_t max) const;
  std::size_t byte_size(const YAML::Node& node, const std::string& path) const;  // 10MiB, 512KB
  std::chrono::milliseconds duration(const YAML::Node& node, const std::string& path) const;

  // Any YAML value as JSON (maps, sequences; scalars typed as YAML 1.2 core schema: plain
  // true/false/null/numbers typed, quoted scalars are strings). Used for criteria and params.
  nlohmann::json to_json(const YAML::Node& node, const std::string& path) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const EnvLookup& env_;
};

std::string child_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

}  // namespace intake::config_detail
