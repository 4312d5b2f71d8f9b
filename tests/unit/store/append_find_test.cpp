// Appended messages come back byte for byte, newest first.

#include <gtest/gtest.h>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

void expect_same(const IncomingMessage& sent, const StoredMessage& got) {
  EXPECT_EQ(got.id, sent.id);
  EXPECT_EQ(got.inbox, sent.inbox);
  EXPECT_EQ(got.method, sent.method);
  EXPECT_EQ(got.path_suffix, sent.path_suffix);
  EXPECT_EQ(got.query, sent.query);
  EXPECT_EQ(got.query_params_json, sent.query_params_json);
  ASSERT_EQ(got.headers.size(), sent.headers.size());
  for (std::size_t i = 0; i < sent.headers.size(); ++i) {
    EXPECT_EQ(got.headers[i].name, sent.headers[i].name);
    EXPECT_EQ(got.headers[i].value, sent.headers[i].value);
  }
  EXPECT_EQ(got.content_type, sent.content_type);
  EXPECT_EQ(got.body, sent.body);
  EXPECT_EQ(got.json_view, sent.json_view);
  EXPECT_EQ(got.remote_addr, sent.remote_addr);
  EXPECT_EQ(got.received_at_ms, sent.received_at_ms);
  EXPECT_EQ(got.dedupe_key, sent.dedupe_key);
  EXPECT_EQ(got.matched_triggers, sent.matched_triggers);
}

TEST(SqliteStoreAppend, FindReturnsEveryFieldByteForByte) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  const IncomingMessage message = make_message();
  const AppendOutcome outcome = append_and_wait(*store, message);
  ASSERT_TRUE(outcome.stored) << outcome.error;
  EXPECT_EQ(outcome.id, message.id);
  EXPECT_FALSE(outcome.duplicate);
  const auto found = store->find_message(message.id);
  ASSERT_TRUE(found);
  expect_same(message, *found);
}

TEST(SqliteStoreAppend, BodyWithNulAndHighBytesIsKeptExactly) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  std::string body("a\0b\0\0c", 6);
  for (int byte = 0; byte < 256; ++byte) body.push_back(static_cast<char>(byte));
  IncomingMessage message = make_message("commcare", body);
  message.content_type = "application/octet-stream";
  ASSERT_TRUE(append_and_wait(*store, message).stored);
  const auto found = store->find_message(message.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->body.size(), body.size());
  EXPECT_EQ(found->body, body);
}

TEST(SqliteStoreAppend, EmptyBodyAndEmptyListsRoundTrip) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage message = make_message("commcare", "");
  message.headers.clear();
  message.matched_triggers.clear();
  ASSERT_TRUE(append_and_wait(*store, message).stored);
  const auto found = store->find_message(message.id);
  ASSERT_TRUE(found);
  expect_same(message, *found);
}

TEST(SqliteStoreAppend, RealFixturesRoundTrip) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  std::vector<IncomingMessage> sent;
  for (const std::string& body : fixture_bodies()) {
    ASSERT_FALSE(body.empty());
    sent.push_back(make_message("commcare", body));
    ASSERT_TRUE(append_and_wait(*store, sent.back()).stored);
  }
  for (const IncomingMessage& message : sent) {
    const auto found = store->find_message(message.id);
    ASSERT_TRUE(found);
    expect_same(message, *found);
  }
}

TEST(SqliteStoreAppend, UnknownIdIsNotFound) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  EXPECT_FALSE(store->find_message("0190d6a4-0000-7000-8000-000000000000"));
}

TEST(SqliteStoreAppend, ListIsNewestFirstWithInboxFilterAndLimit) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  std::vector<std::string> forms_ids;
  for (int i = 0; i < 5; ++i) {
    IncomingMessage message = make_message(i % 2 == 0 ? "forms" : "cases");
    if (i % 2 == 0) forms_ids.push_back(message.id);
    ASSERT_TRUE(append_and_wait(*store, std::move(message)).stored);
  }
  EXPECT_EQ(store->count_messages(), 5);

  const auto all = store->list_messages({.inbox = std::nullopt, .limit = 50});
  ASSERT_EQ(all.size(), 5u);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i - 1].id, all[i].id);

  const auto forms = store->list_messages({.inbox = "forms", .limit = 2});
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].id, forms_ids[2]);
  EXPECT_EQ(forms[1].id, forms_ids[1]);
}

}  // namespace
}  // namespace intake::test
