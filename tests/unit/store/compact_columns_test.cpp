// The store keeps a message compactly without changing what it hands back: a JSON body is its
// own view (json_view NULL), and "sha256:"/"fields:" dedupe keys are kept as 33 raw bytes.
// Dedupe stays exact: keys that differ in any digit are different messages.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

const std::string kHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

TEST(SqliteStoreCompactColumns, AnEmptyViewIsReadBackAsTheBody) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage message = make_message("commcare", R"({ "case_id": "x", "n": [1, 2] })");
  message.json_view.clear();
  ASSERT_TRUE(append_and_wait(*store, message).stored);
  const auto stored = store->find_message(message.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body, message.body);
  EXPECT_EQ(stored->json_view, message.body);
  store->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("SELECT count(*) FROM messages WHERE json_view IS NULL"), 1);
}

TEST(SqliteStoreCompactColumns, HashKeysAreStoredAsRawBytesAndReadBackAsSent) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  const std::vector<std::string> keys = {"sha256:" + kHex, "fields:" + kHex,
                                         "sha256:" + kHex.substr(0, 63) + "0",
                                         "SHA256:" + kHex, "sha256:" + kHex.substr(0, 63) + "F",
                                         "sha256:" + kHex + "0", "plain-key"};
  std::vector<std::string> ids;
  for (const std::string& key : keys) {
    IncomingMessage message = make_message();
    message.dedupe_key = key;
    const AppendOutcome outcome = append_and_wait(*store, message);
    ASSERT_TRUE(outcome.stored) << key;
    EXPECT_FALSE(outcome.duplicate) << key << ": a different key is a different message";
    ids.push_back(message.id);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto stored = store->find_message(ids[i]);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->dedupe_key, keys[i]);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {  // the same keys again: duplicates of each
    IncomingMessage again = make_message();
    again.dedupe_key = keys[i];
    const AppendOutcome outcome = append_and_wait(*store, again);
    EXPECT_TRUE(outcome.duplicate) << keys[i];
    EXPECT_EQ(outcome.id, ids[i]) << keys[i];
  }
  store->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("SELECT count(*) FROM messages WHERE typeof(dedupe_key) = 'blob' AND "
                      "length(dedupe_key) = 33"),
            3);
}

TEST(SqliteStoreCompactColumns, TheWalIsEmptiedWhenTheStoreIsIdle) {
  TempDir dir;
  const StoreOptions options = options_in(dir.path());
  auto store = open_sqlite_store(options);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(append_and_wait(*store, make_message()).stored);
  const auto wal = std::filesystem::path(options.path + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);
  bool emptied = false;
  for (int i = 0; i < 50 && !emptied; ++i) {  // the writer truncates after an idle second
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    emptied = std::filesystem::file_size(wal) == 0;
  }
  EXPECT_TRUE(emptied);
  EXPECT_EQ(store->count_messages(), 20);
}

}  // namespace
}  // namespace intake::test
