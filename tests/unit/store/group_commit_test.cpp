// Concurrent appends share transactions: one commit (one fsync) carries many messages.

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(SqliteStoreGroupCommit, ConcurrentAppendsShareTransactions) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> stored{0};
  std::latch all_answered(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        store->append(make_message(), [&](AppendOutcome outcome) {
          if (outcome.stored) ++stored;
          all_answered.count_down();
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  all_answered.wait();

  EXPECT_EQ(stored.load(), kThreads * kPerThread);
  EXPECT_EQ(store->count_messages(), kThreads * kPerThread);
  const StoreStats stats = store->stats();
  EXPECT_EQ(stats.messages_stored, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.commits, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_GE(stats.commits, 1u);
}

TEST(SqliteStoreGroupCommit, BatchesAreCappedAtMaxBatch) {
  TempDir dir;
  StoreOptions options = options_in(dir.path());
  options.max_batch = 10;
  auto store = open_sqlite_store(options);
  std::latch all_answered(100);
  for (int i = 0; i < 100; ++i) {
    store->append(make_message(), [&](AppendOutcome) { all_answered.count_down(); });
  }
  all_answered.wait();
  EXPECT_GE(store->stats().commits, 10u);
  EXPECT_EQ(store->count_messages(), 100);
}

}  // namespace
}  // namespace intake::test
