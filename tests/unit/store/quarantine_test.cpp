// Quarantined bodies are kept for inspection, within a bound on entries and bytes.

#include <gtest/gtest.h>

#include "intake/common/ids.hpp"
#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

QuarantinedBody quarantined(std::string body) {
  return {.id = new_uuid_v7(),
          .inbox = "commcare",
          .content_type = "text/xml",
          .body = std::move(body),
          .error = "XML parse error at offset 3",
          .remote_addr = "10.0.0.9",
          .received_at_ms = unix_millis_now()};
}

// Quarantine has no callback; an append queued behind it tells when it has been written.
void flush(MessageStore& store) { ASSERT_TRUE(append_and_wait(store, make_message()).stored); }

TEST(SqliteStoreQuarantine, KeepsTheBodyAndTheError) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  const QuarantinedBody entry = quarantined(std::string("<form\0", 6));
  store->quarantine(entry);
  flush(*store);
  const auto entries = store->list_quarantine(10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, entry.id);
  EXPECT_EQ(entries[0].body, entry.body);
  EXPECT_EQ(entries[0].error, entry.error);
  EXPECT_EQ(entries[0].content_type, entry.content_type);
  EXPECT_EQ(entries[0].remote_addr, entry.remote_addr);
  EXPECT_EQ(entries[0].received_at_ms, entry.received_at_ms);
}

TEST(SqliteStoreQuarantine, DropsTheOldestBeyondMaxEntries) {
  TempDir dir;
  StoreOptions options = options_in(dir.path());
  options.quarantine_max_entries = 3;
  auto store = open_sqlite_store(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    QuarantinedBody entry = quarantined("body " + std::to_string(i));
    ids.push_back(entry.id);
    store->quarantine(std::move(entry));
    if (i % 2 == 0) flush(*store);  // several batches, not just one
  }
  flush(*store);
  const auto entries = store->list_quarantine(100);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].id, ids[6]);  // newest first
  EXPECT_EQ(entries[2].id, ids[4]);
}

TEST(SqliteStoreQuarantine, DropsTheOldestBeyondMaxBytes) {
  TempDir dir;
  StoreOptions options = options_in(dir.path());
  options.quarantine_max_bytes = 2500;
  auto store = open_sqlite_store(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    QuarantinedBody entry = quarantined(std::string(1000, static_cast<char>('a' + i)));
    ids.push_back(entry.id);
    store->quarantine(std::move(entry));
    flush(*store);
  }
  const auto entries = store->list_quarantine(100);
  ASSERT_EQ(entries.size(), 2u);  // 2 x 1000 bytes fit in 2500, 3 do not
  EXPECT_EQ(entries[0].id, ids[4]);
  EXPECT_EQ(entries[1].id, ids[3]);
}

TEST(SqliteStoreQuarantine, ABodyLargerThanTheBoundIsTruncatedNotLost) {
  TempDir dir;
  StoreOptions options = options_in(dir.path());
  options.quarantine_max_bytes = 100;
  auto store = open_sqlite_store(options);
  store->quarantine(quarantined(std::string(5000, 'x')));
  flush(*store);
  const auto entries = store->list_quarantine(10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].body, std::string(100, 'x'));
  EXPECT_NE(entries[0].error.find("[body truncated to the first 100 of 5000 bytes"),
            std::string::npos)
      << entries[0].error;
}

}  // namespace
}  // namespace intake::test
