#include "config/yaml_reader.hpp"

#include "intake/common/duration.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <regex>
#include <vector>

#include "config/env_expand.hpp"

namespace intake::config_detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "empty (null)";
    default: return "undefined";
  }
}

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

}  // namespace

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

void YamlReader::fail_at(const YAML::Mark& mark, const std::string& path,
                         const std::string& message) const {
  throw ConfigError(file_, mark.line >= 0 ? mark.line + 1 : 0,
                    mark.column >= 0 ? mark.column + 1 : 0, path, message);
}

void YamlReader::fail(const YAML::Node& node, const std::string& path,
                      const std::string& message) const {
  fail_at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), path, message);
}

void YamlReader::expect_map(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) fail(node, path, std::string("expected a mapping, found ") + kind_name(node));
}

void YamlReader::expect_sequence(const YAML::Node& node, const std::string& path) const {
  if (!node.IsSequence()) fail(node, path, std::string("expected a list, found ") + kind_name(node));
}

void YamlReader::reject_duplicate_keys(const YAML::Node& node, const std::string& path) const {
  // yaml-cpp keeps both entries of a repeated key and lookups see only the first, so the second
  // (say, an inbox's auth) would be ignored without a word.
  std::vector<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      fail(it->first, child_path(path, key), "duplicate key '" + key + "'");
    }
    seen.push_back(key);
  }
}

void YamlReader::allow_keys(const YAML::Node& node, const std::string& path,
                            std::initializer_list<std::string_view> allowed) const {
  reject_duplicate_keys(node, path);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (auto k : allowed) known += (known.empty() ? "" : ", ") + std::string(k);
      fail(it->first, child_path(path, key), "unknown key '" + key + "' (known keys: " + known + ")");
    }
  }
}

std::string YamlReader::string(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, path, std::string("expected a string, found ") + kind_name(node));
  try {
    return expand_env(node.Scalar(), env_);
  } catch (const std::invalid_argument& e) {
    fail(node, path, e.what());
  }
}

std::string YamlReader::required_string(const YAML::Node& entry, const char* key,
                                        const std::string& path,
                                        std::string_view empty_hint) const {
  const YAML::Node node = entry[key];
  if (!node) fail(entry, path, std::string("missing `") + key + "`");
  std::string value = string(node, child_path(path, key));
  if (value.empty()) {
    fail(node, child_path(path, key),
         "is empty (" + std::string(empty_hint) + "is its environment variable set?)");
  }
  return value;
}

bool YamlReader::boolean(const YAML::Node& node, const std::string& path) const {
  const std::string text = lower(string(node, path));
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(node, path, "expected true or false, found '" + text + "'");
}

std::int64_t YamlReader::integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                                 std::int64_t max) const {
  const std::string text = string(node, path);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    fail(node, path, "expected a whole number, found '" + text + "'");
  }
  if (value < min || value > max) {
    fail(node, path,
         "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", found " +
             text);
  }
  return value;
}

std::size_t YamlReader::byte_size(const YAML::Node& node, const std::string& path) const {
  static const std::regex pattern(R"(^\s*(\d+)\s*([KMG]i?B|B)?\s*$)", std::regex::icase);
  const std::string text = string(node, path);
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) {
    fail(node, path, "expected a size such as 10MiB, 512KiB or 1048576, found '" + text + "'");
  }
  std::uint64_t value = 0;
  const std::string digits = m[1].str();
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    fail(node, path, "the size '" + text + "' is too large");
  }
  const std::string unit = lower(m[2].str());
  std::size_t factor = 1;
  if (unit == "kib") factor = 1024;
  if (unit == "mib") factor = 1024 * 1024;
  if (unit == "gib") factor = 1024ull * 1024 * 1024;
  if (unit == "kb") factor = 1000;
  if (unit == "mb") factor = 1000 * 1000;
  if (unit == "gb") factor = 1000ull * 1000 * 1000;
  if (value > std::numeric_limits<std::size_t>::max() / factor) {
    fail(node, path, "the size '" + text + "' is too large");
  }
  return value * factor;
}

std::chrono::milliseconds YamlReader::duration(const YAML::Node& node,
                                               const std::string& path) const {
  const std::string text = string(node, path);
  const auto parsed = parse_duration(text);
  if (parsed) return *parsed;
  static const std::regex well_formed(R"(^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$)");
  if (std::regex_match(text, well_formed)) {
    fail(node, path, "the duration '" + text + "' is too large (at most 365d)");
  }
  fail(node, path, "expected a duration such as 500ms, 10s, 5m or 1h, found '" + text + "'");
}

nlohmann::json YamlReader::to_json(const YAML::Node& node, const std::string& path) const {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        object[key] = to_json(it->second, child_path(path, key));
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (std::size_t i = 0; i < node.size(); ++i) {
        array.push_back(to_json(node[i], index_path(path, i)));
      }
      return array;
    }
    case YAML::NodeType::Scalar: {
      if (is_quoted(node)) return string(node, path);
      const std::string& raw = node.Scalar();
      // YAML 1.2 core schema for plain scalars: null, booleans, numbers; everything else a string.
      static const std::regex null_re("^(null|Null|NULL|~)$");
      static const std::regex true_re("^(true|True|TRUE)$");
      static const std::regex false_re("^(false|False|FALSE)$");
      static const std::regex int_re("^[-+]?[0-9]+$");
      static const std::regex float_re(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
      if (std::regex_match(raw, null_re)) return nullptr;
      if (std::regex_match(raw, true_re)) return true;
      if (std::regex_match(raw, false_re)) return false;
      if (std::regex_match(raw, int_re) || std::regex_match(raw, float_re)) {
        // Let the JSON parser type it (integer, unsigned or float, by value).
        nlohmann::json number = nlohmann::json::parse(raw[0] == '+' ? raw.substr(1) : raw,
                                                       nullptr, false);
        if (!number.is_discarded()) return number;
      }
      return string(node, path);
    }
    default:
      fail(node, path, "undefined value");
  }
}

}  // namespace intake::config_detail
