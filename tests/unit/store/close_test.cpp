// close() finishes what was queued, leaves a clean file, and refuses what comes after.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(SqliteStoreClose, DrainsQueuedAppends) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  std::atomic<int> stored{0};
  std::atomic<int> answered{0};
  std::vector<std::string> ids;
  {
    WriterPause pause(*store);  // everything below is still queued when close() starts
    for (int i = 0; i < 300; ++i) {
      IncomingMessage message = make_message();
      ids.push_back(message.id);
      store->append(std::move(message), [&](AppendOutcome outcome) {
        stored += outcome.stored ? 1 : 0;
        ++answered;
      });
    }
  }
  store->close();
  EXPECT_EQ(answered.load(), 300);
  EXPECT_EQ(stored.load(), 300);

  auto reopened = open_sqlite_store(options_in(dir.path()));
  for (const std::string& id : ids) EXPECT_TRUE(reopened->find_message(id)) << id;
}

TEST(SqliteStoreClose, CheckpointsTheWal) {
  TempDir dir;
  const StoreOptions options = options_in(dir.path());
  auto store = open_sqlite_store(options);
  ASSERT_TRUE(append_and_wait(*store, make_message()).stored);
  store->close();
  const auto wal = std::filesystem::path(options.path + "-wal");
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}

// Commits keep reusing the start of the WAL: under sustained writes the file stays about the size
// of one checkpoint interval (512 KiB) plus a batch, instead of growing with what was written.
TEST(SqliteStoreWal, StaysSmallUnderSustainedWrites) {
  TempDir dir;
  const StoreOptions options = options_in(dir.path());
  auto store = open_sqlite_store(options);
  const std::string body(4096, 'x');  // 100 waves of 20 messages of ~4 KiB: ~16 MiB with views
  int stored = 0;
  for (int wave = 0; wave < 100; ++wave) {
    std::atomic<int> answered{0};
    std::atomic<int> wave_stored{0};
    for (int i = 0; i < 20; ++i) {
      store->append(make_message("commcare", body + std::to_string(wave * 20 + i)),
                    [&](AppendOutcome outcome) {
                      wave_stored += outcome.stored ? 1 : 0;
                      ++answered;
                    });
    }
    while (answered.load() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    stored += wave_stored.load();
  }
  EXPECT_EQ(stored, 2000);
  const auto wal = std::filesystem::path(options.path + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_LT(std::filesystem::file_size(wal), 2u << 20) << "the WAL did not start over";
  EXPECT_EQ(store->count_messages(), 2000);
}

TEST(SqliteStoreClose, AppendAfterCloseIsRefused) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  EXPECT_TRUE(store->writable());
  store->close();
  store->close();                   // idempotent
  EXPECT_FALSE(store->writable());  // /readyz must not say ready after close
  const AppendOutcome outcome = append_and_wait(*store, make_message());
  EXPECT_FALSE(outcome.stored);
  EXPECT_EQ(outcome.error, "store is closed");
  EXPECT_FALSE(store->find_message("anything"));
  EXPECT_EQ(store->count_messages(), 0);
}

TEST(SqliteStoreClose, ReopenSeesEverything) {
  TempDir dir;
  std::vector<IncomingMessage> sent;
  {
    auto store = open_sqlite_store(options_in(dir.path()));
    for (const std::string& body : fixture_bodies()) {
      sent.push_back(make_message("commcare", body));
      ASSERT_TRUE(append_and_wait(*store, sent.back()).stored);
    }
  }  // the destructor closes
  auto store = open_sqlite_store(options_in(dir.path()));
  EXPECT_EQ(store->count_messages(), static_cast<std::int64_t>(sent.size()));
  for (const IncomingMessage& message : sent) {
    const auto found = store->find_message(message.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->body, message.body);
  }
}

}  // namespace
}  // namespace intake::test
