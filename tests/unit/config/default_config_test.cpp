// The shipped config/intake.yaml, load_config_file, and the ConfigError text format.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(DefaultConfig, ShippedFileLoadsWithoutAnySecretSet) {
  const std::string path = std::string(INTAKE_SOURCE_DIR) + "/config/intake.yaml";
  const Config config = load_config_file(path, env_of());
  EXPECT_EQ(config.source, path);
  EXPECT_EQ(config.server.listen_host, "0.0.0.0");
  EXPECT_EQ(config.server.listen_port, 8080);
  EXPECT_EQ(config.server.max_body, 10u * 1024 * 1024);
  EXPECT_EQ(config.storage.path, "./data/intake.db");
  EXPECT_TRUE(config.storage.durability_full);
  ASSERT_EQ(config.inboxes.size(), 1u);
  const InboxConfig* commcare = config.find_inbox("commcare");
  ASSERT_NE(commcare, nullptr);
  EXPECT_EQ(commcare->name, "commcare");
  EXPECT_TRUE(commcare->auth.empty());
  EXPECT_EQ(commcare->dedupe, std::vector<std::string>{"/id"});
  // The default inbox is open, so the loader warns about it.
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_NE(config.warnings[0].find("inboxes.commcare"), std::string::npos);
  EXPECT_EQ(config.find_inbox("other"), nullptr);
}

TEST(DefaultConfig, DefaultsWhenSectionsAreOmitted) {
  const Config config = load_yaml(kOneInbox);
  const ServerConfig server;
  const StorageConfig storage;
  EXPECT_EQ(config.server.listen_host, server.listen_host);
  EXPECT_EQ(config.server.listen_port, 8080);
  EXPECT_EQ(config.server.threads, 0u);
  EXPECT_EQ(config.server.max_body, 10u * 1024 * 1024);
  EXPECT_EQ(config.server.max_connections, server.max_connections);
  EXPECT_EQ(config.server.header_timeout, server.header_timeout);
  EXPECT_EQ(config.server.body_timeout, server.body_timeout);
  EXPECT_EQ(config.server.idle_timeout, server.idle_timeout);
  EXPECT_EQ(config.server.retry_after, server.retry_after);
  EXPECT_EQ(config.server.log_format, "text");
  EXPECT_EQ(config.server.log_level, "info");
  EXPECT_TRUE(config.server.access_log);
  EXPECT_EQ(config.storage.path, storage.path);
  EXPECT_TRUE(config.storage.durability_full);
  EXPECT_EQ(config.storage.quarantine_max_entries, storage.quarantine_max_entries);
  EXPECT_EQ(config.storage.quarantine_max_bytes, storage.quarantine_max_bytes);
  EXPECT_EQ(config.source, "test.yaml");
}

TEST(ConfigFile, MissingFileIsAConfigErrorNamingThePath) {
  TempDir dir;
  const std::string path = (dir.path() / "nope.yaml").string();
  try {
    load_config_file(path, env_of());
    FAIL() << "a missing file must not load";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0);
    EXPECT_EQ(e.column(), 0);
    EXPECT_EQ(e.key_path(), "");
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(ConfigFile, ErrorsInAFileNameTheFileLineAndColumn) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "intake.yaml";
  std::ofstream(path) << "server:\n  listen: \":8081\"\n  thread: 4\ninboxes:\n  a:\n";
  try {
    load_config_file(path.string(), env_of());
    FAIL() << "a misspelled key must not load";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 3);
    EXPECT_EQ(e.key_path(), "server.thread");
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":3:3: server.thread: unknown key", 0),
              0u)
        << e.what();
  }
}

TEST(ConfigFile, LoadsAValidFile) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "intake.yaml";
  std::ofstream(path) << "server:\n  listen: \"127.0.0.1:9000\"\ninboxes:\n  a:\n";
  const Config config = load_config_file(path.string(), env_of());
  EXPECT_EQ(config.source, path.string());
  EXPECT_EQ(config.server.listen_host, "127.0.0.1");
  EXPECT_EQ(config.server.listen_port, 9000);
}

TEST(ConfigErrorText, FormatsWhereThenPathThenMessage) {
  EXPECT_STREQ(ConfigError("f.yaml", 3, 7, "server.listen", "bad").what(),
               "f.yaml:3:7: server.listen: bad");
  EXPECT_STREQ(ConfigError("f.yaml", 0, 0, "", "empty").what(), "f.yaml: empty");
}

TEST(ConfigDocument, EmptyDocumentIsRefused) {
  for (std::string_view yaml : {"", "# only a comment\n", "~\n"}) {
    auto error = config_error(yaml);
    ASSERT_TRUE(error.has_value()) << yaml;
    EXPECT_EQ(error->line(), 0);
    EXPECT_NE(error->message().find("empty"), std::string::npos);
  }
}

TEST(ConfigDocument, RootMustBeAMapping) {
  EXPECT_CONFIG_ERROR("- a\n- b\n", env_of(), 1, 1, "", "expected a mapping, found a list");
}

TEST(ConfigDocument, InvalidYamlIsAConfigErrorWithItsPosition) {
  auto error = config_error("inboxes:\n  a: [1, 2\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message().find("invalid YAML"), std::string::npos);
  EXPECT_GE(error->line(), 2);
}

// CommCare's keys start with @ (@xmlns, @name, @case_id), which YAML does not allow unquoted.
TEST(ConfigDocument, AnUnquotedAtKeyGetsAHintToQuoteIt) {
  auto error = config_error(
      "inboxes: { a: {} }\ntriggers:\n  t: { criteria: { form: { @xmlns: x } }, jobs: [] }\n");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line(), 3);
  EXPECT_NE(error->message().find("must be quoted, e.g. \"@xmlns\""), std::string::npos)
      << error->message();
}

TEST(ConfigDocument, AtLeastOneInboxIsRequired) {
  EXPECT_CONFIG_ERROR("server:\n  listen: \":1\"\n", env_of(), 1, 1, "inboxes", "no inbox");
  EXPECT_CONFIG_ERROR("inboxes: {}\n", env_of(), 1, 1, "inboxes", "no inbox");
}

}  // namespace
}  // namespace intake::test
