#pragma once
// Helpers for the config loader tests: an environment from a std::map, loading YAML text, and
// catching the ConfigError a bad config must raise.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "intake/config/config_loader.hpp"

namespace intake::test {

inline EnvLookup env_of(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline Config load_yaml(std::string_view yaml, const EnvLookup& env = env_of()) {
  return load_config_text(yaml, "test.yaml", env);
}

// The ConfigError that loading `yaml` raises; fails the test when it loads.
inline std::optional<ConfigError> config_error(std::string_view yaml,
                                               const EnvLookup& env = env_of()) {
  try {
    load_yaml(yaml, env);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return std::nullopt;
}

// Asserts where the error is and that its message mentions `fragment`.
#define EXPECT_CONFIG_ERROR(yaml, env, line_, column_, path_, fragment)                 \
  do {                                                                                  \
    auto error_ = ::intake::test::config_error((yaml), (env));                          \
    ASSERT_TRUE(error_.has_value());                                                    \
    EXPECT_EQ(error_->file(), "test.yaml");                                             \
    EXPECT_EQ(error_->line(), (line_)) << error_->what();                               \
    EXPECT_EQ(error_->column(), (column_)) << error_->what();                           \
    EXPECT_EQ(error_->key_path(), (path_)) << error_->what();                           \
    EXPECT_NE(error_->message().find(fragment), std::string::npos)                      \
        << "message: " << error_->message() << "\nexpected to contain: " << (fragment); \
  } while (false)

// A valid minimal inboxes section to append to configs that test other sections.
inline constexpr std::string_view kOneInbox = "inboxes:\n  commcare:\n";

}  // namespace intake::test
