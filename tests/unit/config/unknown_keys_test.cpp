// Strict keys: a key the loader does not know is an error at every level, with its position.

#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace intake::test {
namespace {

TEST(UnknownKeys, TopLevel) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  a:\n"
      "bogus: {}\n",
      env_of(), 3, 1, "bogus", "unknown key 'bogus' (known keys: server, storage, workers, inboxes");
}

TEST(UnknownKeys, Server) {
  EXPECT_CONFIG_ERROR(
      "server:\n"
      "  listen: \":8080\"\n"
      "  max_bodyy: 1MiB\n"
      "inboxes:\n"
      "  a:\n",
      env_of(), 3, 3, "server.max_bodyy", "unknown key 'max_bodyy'");
}

TEST(UnknownKeys, Storage) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  a:\n"
      "storage:\n"
      "    path: x.db\n"
      "    durabilty: full\n",
      env_of(), 5, 5, "storage.durabilty", "unknown key 'durabilty'");
}

TEST(UnknownKeys, Inbox) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    dedupe: [/id]\n"
      "    autth: none\n",
      env_of(), 4, 5, "inboxes.commcare.autth", "known keys: auth, dedupe");
}

TEST(UnknownKeys, AuthListEntry) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    auth:\n"
      "      - type: bearer\n"
      "        token: t\n"
      "      - type: basic\n"
      "        username: u\n"
      "        passwd: p\n",
      env_of(), 8, 9, "inboxes.commcare.auth[1].passwd", "known keys: type, username, password");
}

TEST(UnknownKeys, AuthFlowEntry) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    auth: [{ type: api_key, key: k, header_name: x }]\n",
      env_of(), 3, 37, "inboxes.commcare.auth[0].header_name", "known keys: type, header, key");
}

TEST(UnknownKeys, SingleAuthMap) {
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  commcare:\n"
      "    auth:\n"
      "      type: bearer\n"
      "      token: t\n"
      "      key: k\n",
      env_of(), 6, 7, "inboxes.commcare.auth[0].key", "known keys: type, token");
}

TEST(UnknownKeys, KeyOfAnotherAuthTypeIsUnknown) {
  // `token` belongs to bearer: on a basic credential it is a mistake, not ignored.
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  a:\n"
      "    auth: { type: basic, username: u, password: p, token: t }\n",
      env_of(), 3, 52, "inboxes.a.auth[0].token", "unknown key 'token'");
}

}  // namespace
}  // namespace intake::test

namespace intake::test {
namespace {

TEST(DuplicateKeys, RepeatedKeysAreErrorsAtEveryLevel) {
  // yaml-cpp would keep both and the loader would only ever see the first.
  EXPECT_CONFIG_ERROR(
      "server:\n"
      "  listen: \":1\"\n"
      "  listen: \":2\"\n" +
          std::string(kOneInbox),
      env_of(), 3, 3, "server.listen", "duplicate key 'listen'");
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  a:\n"
      "storage: {}\n"
      "inboxes:\n"
      "  b:\n",
      env_of(), 4, 1, "inboxes", "duplicate key 'inboxes'");
  EXPECT_CONFIG_ERROR(
      "inboxes:\n"
      "  a:\n"
      "    auth: [{ type: bearer, token: t1, token: t2 }]\n",
      env_of(), 3, 39, "inboxes.a.auth[0].token", "duplicate key 'token'");
}

}  // namespace
}  // namespace intake::test
