// ${VAR}, ${VAR:-default} and $${ in config values, with a std::map as the environment.

#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace intake::test {
namespace {

// A config whose storage.path is `value` (quoted as given).
std::string path_config(std::string_view value) {
  return "storage:\n  path: " + std::string(value) + "\n" + std::string(kOneInbox);
}

std::string path_of(std::string_view value, const EnvLookup& env) {
  return load_yaml(path_config(value), env).storage.path;
}

TEST(EnvExpand, SetVariable) {
  EXPECT_EQ(path_of("\"${DIR}/intake.db\"", env_of({{"DIR", "/srv/data"}})), "/srv/data/intake.db");
  EXPECT_EQ(path_of("${DIR}", env_of({{"DIR", "x.db"}})), "x.db");
  EXPECT_EQ(path_of("\"${A}-${B_2}\"", env_of({{"A", "one"}, {"B_2", "two"}})), "one-two");
}

TEST(EnvExpand, UnsetVariableIsAnErrorNamingItWithItsLine) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    auth:\n"
      "      - type: basic\n"
      "        username: commcare\n"
      "        password: \"${INBOX_PASSWORD}\"\n",
      env_of({{"OTHER", "x"}}), 6, 19, "inboxes.commcare.auth[0].password",
      "environment variable INBOX_PASSWORD is not set");
}

TEST(EnvExpand, UnsetVariableInServerSection) {
  auto error = config_error("server:\n  listen: \"${HOST}:8080\"\n" + std::string(kOneInbox));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line(), 2);
  EXPECT_EQ(error->column(), 11);
  EXPECT_EQ(error->key_path(), "server.listen");
  EXPECT_NE(std::string(error->what())
                .find("test.yaml:2:11: server.listen: environment variable "
                      "HOST is not set"),
            std::string::npos)
      << error->what();
}

TEST(EnvExpand, DefaultWhenUnset) {
  EXPECT_EQ(path_of("\"${DIR:-/var/lib/intake}/db\"", env_of()), "/var/lib/intake/db");
  EXPECT_EQ(path_of("\"${DIR:-/var/lib/intake}/db\"", env_of({{"DIR", "/srv"}})), "/srv/db");
}

TEST(EnvExpand, EmptyValueTakesTheDefault) {
  // As in the shell: ${VAR:-default} uses the default when VAR is unset or empty.
  EXPECT_EQ(path_of("\"${DIR:-fallback}.db\"", env_of({{"DIR", ""}})), "fallback.db");
}

TEST(EnvExpand, EmptyValueWithoutDefaultIsEmpty) {
  EXPECT_EQ(path_of("\"pre${EMPTY}.db\"", env_of({{"EMPTY", ""}})), "pre.db");
}

TEST(EnvExpand, DollarDollarBraceIsALiteral) {
  EXPECT_EQ(path_of("\"$${HOME}/x\"", env_of({{"HOME", "/root"}})), "${HOME}/x");
  EXPECT_EQ(path_of("\"a$${\"", env_of()), "a${");
  EXPECT_EQ(path_of("\"cost$5 $$ $HOME\"", env_of({{"HOME", "/root"}})), "cost$5 $$ $HOME");
}

TEST(EnvExpand, ValuesAreNotExpandedAgain) {
  EXPECT_EQ(path_of("\"${A}\"", env_of({{"A", "${B}"}, {"B", "no"}})), "${B}");
}

TEST(EnvExpand, UnclosedReference) {
  EXPECT_CONFIG_ERROR(path_config("\"${DIR/intake.db\""), env_of({{"DIR", "x"}}), 2, 9,
                      "storage.path", "unclosed ${...} reference");
}

TEST(EnvExpand, InvalidVariableNames) {
  for (const char* value : {"\"${}\"", "\"${1X}\"", "\"${A-B}\"", "\"${:-x}\"", "\"${A B}\""}) {
    auto error = config_error(path_config(value));
    ASSERT_TRUE(error.has_value()) << value;
    EXPECT_EQ(error->line(), 2) << value;
    EXPECT_EQ(error->key_path(), "storage.path") << value;
    EXPECT_NE(error->message().find("invalid environment variable name"), std::string::npos)
        << error->what();
  }
}

TEST(EnvExpand, SecretsComeFromTheEnvironment) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  a:\n"
      "    auth:\n"
      "      - { type: api_key, header: \"${HEADER:-x-api-key}\", key: \"${KEY_OLD}\" }\n"
      "      - { type: api_key, key: \"${KEY_NEW}\" }\n"
      "      - { type: bearer, token: \"${TOKEN:-static}\" }\n",
      env_of({{"KEY_OLD", "old"}, {"KEY_NEW", "new"}}));
  const auto& auth = config.find_inbox("a")->auth;
  ASSERT_EQ(auth.size(), 3u);
  EXPECT_EQ(auth[0].header, "x-api-key");
  EXPECT_EQ(auth[0].key.reveal(), "old");
  EXPECT_EQ(auth[1].key.reveal(), "new");
  EXPECT_EQ(auth[2].token.reveal(), "static");
}

TEST(EnvExpand, NumbersSizesAndDurationsExpandToo) {
  const Config config = load_yaml(
      "server:\n"
      "  listen: \":${PORT:-8080}\"\n"
      "  threads: ${THREADS}\n"
      "  max_body: ${MAX_BODY:-1MiB}\n"
      "  idle_timeout: ${IDLE:-5s}\n" +
          std::string(kOneInbox),
      env_of({{"PORT", "9999"}, {"THREADS", "4"}}));
  EXPECT_EQ(config.server.listen_port, 9999);
  EXPECT_EQ(config.server.threads, 4u);
  EXPECT_EQ(config.server.max_body, 1u << 20);
  EXPECT_EQ(config.server.idle_timeout, std::chrono::seconds(5));
}

TEST(EnvExpand, ProcessEnvironmentReadsRealVariables) {
  const EnvLookup env = process_environment();
  EXPECT_FALSE(env("INTAKE_TEST_SURELY_UNSET_VARIABLE_9f3a").has_value());
  ::setenv("INTAKE_TEST_ENV_PROBE", "value", 1);
  EXPECT_EQ(env("INTAKE_TEST_ENV_PROBE"), std::optional<std::string>("value"));
  ::unsetenv("INTAKE_TEST_ENV_PROBE");
}

}  // namespace
}  // namespace intake::test
