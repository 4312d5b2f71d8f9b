#include "config/env_expand.hpp"

#include <cctype>
#include <stdexcept>

namespace intake::config_detail {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string expand_env(std::string_view text, const EnvLookup& env) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      throw std::invalid_argument("unclosed ${...} reference (write $${ for a literal ${)");
    }
    std::string_view inner = text.substr(i + 2, close - i - 2);
    std::string_view name = inner;
    std::optional<std::string_view> fallback;
    if (auto sep = inner.find(":-"); sep != std::string_view::npos) {
      name = inner.substr(0, sep);
      fallback = inner.substr(sep + 2);
    }
    if (!valid_name(name)) {
      throw std::invalid_argument("invalid environment variable name '" + std::string(name) + "'");
    }
    std::optional<std::string> value = env(std::string(name));
    if (value && (!value->empty() || !fallback)) {
      out += *value;
    } else if (fallback) {
      out += *fallback;  // ${VAR:-default}: unset or empty takes the default, as in the shell
    } else {
      throw std::invalid_argument("environment variable " + std::string(name) +
                                  " is not set (export it, or write ${" + std::string(name) +
                                  ":-value} where a default is fine)");
    }
    i = close + 1;
  }
  return out;
}

}  // namespace intake::config_detail
