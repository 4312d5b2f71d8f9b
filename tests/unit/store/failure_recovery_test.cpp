// A write that cannot happen fails the whole batch clearly; the store recovers by itself.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <latch>
#include <thread>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

TEST(SqliteStoreFailure, LockedDatabaseFailsTheAppendThenRecovers) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  ASSERT_TRUE(store->writable());

  RawDb locker(options_in(dir.path()).path);
  ASSERT_EQ(locker.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
  IncomingMessage secret = make_message("commcare", R"({"password":"hunter2"})");
  const AppendOutcome failed = append_and_wait(*store, secret);
  EXPECT_FALSE(failed.stored);
  EXPECT_NE(failed.error.find("locked"), std::string::npos) << failed.error;
  EXPECT_EQ(failed.error.find("hunter2"), std::string::npos) << "no body content in errors";
  EXPECT_FALSE(store->writable());
  EXPECT_EQ(store->stats().failed_batches, 1u);

  ASSERT_EQ(locker.exec("ROLLBACK"), SQLITE_OK);
  const AppendOutcome retried = append_and_wait(*store, make_message());
  EXPECT_TRUE(retried.stored) << retried.error;
  EXPECT_TRUE(store->writable());
  EXPECT_FALSE(store->find_message(secret.id)) << "a failed append leaves nothing behind";
}

TEST(SqliteStoreFailure, EveryAppendOfAFailedBatchIsAnswered) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  RawDb locker(options_in(dir.path()).path);
  ASSERT_EQ(locker.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
  std::vector<AppendOutcome> outcomes(20);
  {
    std::latch answered(20);
    for (auto& slot : outcomes) {
      store->append(make_message(), [&](AppendOutcome o) { slot = o, answered.count_down(); });
    }
    answered.wait();
  }
  for (const AppendOutcome& outcome : outcomes) {
    EXPECT_FALSE(outcome.stored);
    EXPECT_FALSE(outcome.error.empty());
  }
  ASSERT_EQ(locker.exec("ROLLBACK"), SQLITE_OK);
  EXPECT_EQ(store->count_messages(), 0);
}

TEST(SqliteStoreFailure, WritableFollowsTheLockWithoutTraffic) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  RawDb locker(options_in(dir.path()).path);
  ASSERT_EQ(locker.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
  EXPECT_TRUE(eventually([&] { return !store->writable(); })) << "the idle probe sees the lock";
  ASSERT_EQ(locker.exec("ROLLBACK"), SQLITE_OK);
  EXPECT_TRUE(eventually([&] { return store->writable(); })) << "and sees it go";
}

TEST(SqliteStoreFailure, DeletedDatabaseFileIsCreatedAgain) {
  TempDir dir;
  const StoreOptions options = options_in(dir.path());
  auto store = open_sqlite_store(options);
  ASSERT_TRUE(append_and_wait(*store, make_message()).stored);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(options.path + suffix);

  const IncomingMessage message = make_message();
  const AppendOutcome outcome = append_and_wait(*store, message);
  EXPECT_TRUE(outcome.stored) << outcome.error;
  EXPECT_TRUE(std::filesystem::exists(options.path));
  EXPECT_TRUE(store->find_message(message.id));
}

}  // namespace
}  // namespace intake::test
