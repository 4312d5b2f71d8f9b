// `inboxes:`: names, auth (list, single map, none), secrets, dedupe pointers and warnings.

#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace intake::test {
namespace {

const InboxConfig& inbox_of(const Config& config, const std::string& name) {
  const InboxConfig* inbox = config.find_inbox(name);
  if (!inbox) throw std::runtime_error("no inbox " + name);
  return *inbox;
}

TEST(InboxSection, AuthListWithEveryType) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  commcare:\n"
      "    auth:\n"
      "      - type: basic\n"
      "        username: commcare\n"
      "        password: \"${PW}\"\n"
      "      - { type: api_key, key: k1 }\n"
      "      - { type: api_key, header: Authorization, key: k2 }\n"
      "      - { type: api_key, header: X-Intake-Key, key: k3 }\n"
      "      - type: bearer\n"
      "        token: tok\n",
      env_of({{"PW", "s3cret"}}));
  const InboxConfig& inbox = inbox_of(config, "commcare");
  ASSERT_EQ(inbox.auth.size(), 5u);
  EXPECT_EQ(inbox.auth[0].type, AuthType::basic);
  EXPECT_EQ(inbox.auth[0].username, "commcare");
  EXPECT_EQ(inbox.auth[0].password.reveal(), "s3cret");
  EXPECT_EQ(inbox.auth[1].type, AuthType::api_key);
  EXPECT_EQ(inbox.auth[1].header, "x-api-key");  // the default header
  EXPECT_EQ(inbox.auth[1].key.reveal(), "k1");
  EXPECT_EQ(inbox.auth[2].header, "authorization");  // header names are lower-cased
  EXPECT_EQ(inbox.auth[2].key.reveal(), "k2");
  EXPECT_EQ(inbox.auth[3].header, "x-intake-key");
  EXPECT_EQ(inbox.auth[4].type, AuthType::bearer);
  EXPECT_EQ(inbox.auth[4].token.reveal(), "tok");
  EXPECT_TRUE(config.warnings.empty());
}

TEST(InboxSection, SingleAuthMapWithoutList) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  a:\n"
      "    auth: { type: bearer, token: t }\n");
  const InboxConfig& inbox = inbox_of(config, "a");
  ASSERT_EQ(inbox.auth.size(), 1u);
  EXPECT_EQ(inbox.auth[0].type, AuthType::bearer);
  EXPECT_EQ(inbox.auth[0].token.reveal(), "t");
}

TEST(InboxSection, AuthNoneEmptyListOrNullIsOpenWithAWarning) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  none:\n"
      "    auth: none\n"
      "  empty:\n"
      "    auth: []\n"
      "  null:\n"
      "    auth:\n"
      "  bare:\n"
      "  locked:\n"
      "    auth: { type: bearer, token: t }\n");
  ASSERT_EQ(config.inboxes.size(), 5u);
  for (const char* name : {"none", "empty", "null", "bare"}) {
    EXPECT_TRUE(inbox_of(config, name).auth.empty()) << name;
  }
  ASSERT_EQ(config.warnings.size(), 4u);
  for (const char* name : {"bare", "empty", "none", "null"}) {
    const std::string path = std::string("inboxes.") + name + ":";
    bool found = false;
    for (const auto& warning : config.warnings) {
      if (warning.find(path) != std::string::npos) {
        found = true;
        EXPECT_EQ(warning.rfind("test.yaml: ", 0), 0u) << warning;
        EXPECT_NE(warning.find("no auth configured"), std::string::npos) << warning;
      }
    }
    EXPECT_TRUE(found) << name;
  }
  for (const auto& warning : config.warnings) {
    EXPECT_EQ(warning.find("locked"), std::string::npos) << warning;
  }
}

TEST(InboxSection, AuthErrors) {
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: anyone\n", env_of(), 3, 11, "inboxes.a.auth",
                      "expected a list of credentials, or `none`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [x]\n", env_of(), 3, 12, "inboxes.a.auth[0]",
                      "expected a mapping, found a scalar");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ token: t }]\n", env_of(), 3, 12,
                      "inboxes.a.auth[0]", "missing `type`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: digest }]\n", env_of(), 3, 20,
                      "inboxes.a.auth[0].type", "unknown auth type 'digest'");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: basic, password: p }]\n", env_of(), 3, 12,
                      "inboxes.a.auth[0]", "missing `username`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: basic, username: u }]\n", env_of(), 3, 12,
                      "inboxes.a.auth[0]", "missing `password`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: api_key }]\n", env_of(), 3, 12,
                      "inboxes.a.auth[0]", "missing `key`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: bearer }]\n", env_of(), 3, 12,
                      "inboxes.a.auth[0]", "missing `token`");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: api_key, header: \"\", key: k }]\n",
                      env_of(), 3, 37, "inboxes.a.auth[0].header", "is empty");
  EXPECT_CONFIG_ERROR(
      "inboxes:\n  a:\n    auth: [{ type: basic, username: \"a:b\", password: p }]\n", env_of(), 3,
      37, "inboxes.a.auth[0].username", "must not contain ':'");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: bearer, token: [t] }]\n", env_of(), 3, 35,
                      "inboxes.a.auth[0].token", "expected a string, found a list");
}

TEST(InboxSection, EmptySecretsAreRefused) {
  // Literally empty, or an unset variable defaulted to nothing, or a variable set to "".
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: bearer, token: \"\" }]\n", env_of(), 3,
                      35, "inboxes.a.auth[0].token",
                      "is empty (an empty secret would let anyone in");
  EXPECT_CONFIG_ERROR(
      "inboxes:\n  a:\n    auth:\n      - type: api_key\n        key: \"${KEY:-}\"\n", env_of(), 5,
      14, "inboxes.a.auth[0].key", "is empty");
  EXPECT_CONFIG_ERROR(
      "inboxes:\n  a:\n    auth:\n      - type: basic\n        username: u\n"
      "        password: ${PW}\n",
      env_of({{"PW", ""}}), 6, 19, "inboxes.a.auth[0].password", "is empty");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: [{ type: basic, username: \"\", password: p }]\n",
                      env_of(), 3, 37, "inboxes.a.auth[0].username", "is empty");
}

TEST(InboxSection, SecretsDoNotPrintThemselves) {
  const Config config = load_yaml("inboxes:\n  a:\n    auth: { type: bearer, token: hunter2 }\n");
  std::ostringstream out;
  out << inbox_of(config, "a").auth[0].token;
  EXPECT_EQ(out.str(), "***");
}

TEST(InboxSection, ValidNames) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  commcare-forms_v2.prod:\n"
      "  A1:\n"
      "  " +
      std::string(128, 'x') + ":\n");
  EXPECT_EQ(config.inboxes.size(), 3u);
  EXPECT_EQ(inbox_of(config, "commcare-forms_v2.prod").name, "commcare-forms_v2.prod");
  EXPECT_NE(config.find_inbox(std::string(128, 'x')), nullptr);
}

TEST(InboxSection, InvalidNames) {
  for (const char* name : {"\"a b\"", "\"a/b\"", "\"caf\xc3\xa9\"", "\"\"", "\"a?b\"", "\"%20\""}) {
    auto error = config_error(std::string("inboxes:\n  ok:\n  ") + name + ":\n");
    ASSERT_TRUE(error.has_value()) << name;
    EXPECT_EQ(error->line(), 3) << name;
    EXPECT_EQ(error->column(), 3) << name;
    EXPECT_NE(error->message().find("inbox names may use letters, digits"), std::string::npos);
  }
  EXPECT_CONFIG_ERROR("inboxes:\n  \"bad name\":\n", env_of(), 2, 3, "inboxes.bad name",
                      "inbox names");
  EXPECT_CONFIG_ERROR("inboxes:\n  " + std::string(129, 'x') + ":\n", env_of(), 2, 3,
                      "inboxes." + std::string(129, 'x'), "inbox names");
}

TEST(InboxSection, WrongTypes) {
  EXPECT_CONFIG_ERROR("inboxes: [a, b]\n", env_of(), 1, 10, "inboxes",
                      "expected a mapping, found a list");
  EXPECT_CONFIG_ERROR("inboxes:\n  a: open\n", env_of(), 2, 6, "inboxes.a",
                      "expected a mapping, found a scalar");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    auth: 5\n", env_of(), 3, 11, "inboxes.a.auth",
                      "expected a list of credentials");
}

TEST(InboxSection, DuplicateInboxNamesAreRefused) {
  // A second entry with the same name would otherwise be silently ignored (and with it, its auth).
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "  commcare:\n"
      "    auth: { type: bearer, token: t }\n",
      env_of(), 3, 3, "inboxes.commcare", "duplicate key");
}

TEST(InboxSection, DuplicateKeysInsideAnInboxAreRefused) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    auth: none\n"
      "    dedupe: [/id]\n"
      "    auth: { type: bearer, token: t }\n",
      env_of(), 5, 5, "inboxes.commcare.auth", "duplicate key");
}

TEST(InboxSection, DedupePointers) {
  const Config config = load_yaml(
      "inboxes:\n"
      "  forms:\n"
      "    dedupe: [/id]\n"
      "  cases:\n"
      "    dedupe:\n"
      "      - /case_id\n"
      "      - /server_date_modified\n"
      "  nested:\n"
      "    dedupe: [\"/form/meta/instanceID\", \"/a~1b/~0c\", /list/0]\n"
      "  body:\n"
      "    dedupe: body\n"
      "  sha:\n"
      "    dedupe: sha256\n"
      "  none:\n"
      "    dedupe: []\n"
      "  default:\n");
  EXPECT_EQ(inbox_of(config, "forms").dedupe, std::vector<std::string>{"/id"});
  EXPECT_EQ(inbox_of(config, "cases").dedupe,
            (std::vector<std::string>{"/case_id", "/server_date_modified"}));
  EXPECT_EQ(inbox_of(config, "nested").dedupe,
            (std::vector<std::string>{"/form/meta/instanceID", "/a~1b/~0c", "/list/0"}));
  for (const char* name : {"body", "sha", "none", "default"}) {
    EXPECT_TRUE(inbox_of(config, name).dedupe.empty()) << name;
  }
}

TEST(InboxSection, DedupePointerErrors) {
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: [/id, case_id]\n", env_of(), 3, 19,
                      "inboxes.a.dedupe[1]", "'case_id' is not a JSON pointer");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: [\"/a~2\"]\n", env_of(), 3, 14,
                      "inboxes.a.dedupe[0]", "is not a JSON pointer");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: [\"\"]\n", env_of(), 3, 14,
                      "inboxes.a.dedupe[0]", "the empty pointer selects the whole body");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: /id\n", env_of(), 3, 13, "inboxes.a.dedupe",
                      "expected a list, found a scalar");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: {id: 1}\n", env_of(), 3, 13, "inboxes.a.dedupe",
                      "expected a list, found a mapping");
  EXPECT_CONFIG_ERROR("inboxes:\n  a:\n    dedupe: [[/id]]\n", env_of(), 3, 14,
                      "inboxes.a.dedupe[0]", "expected a string, found a list");
}

}  // namespace
}  // namespace intake::test
