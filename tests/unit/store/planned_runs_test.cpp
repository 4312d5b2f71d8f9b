// Queued runs are written with their message, in the same transaction: both or neither.

#include <gtest/gtest.h>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(SqliteStorePlannedRuns, RunsAreQueuedWithTheirMessage) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage message = make_message();
  message.runs = {{.id = message.id + "-1", .job = "sync-patient", .trigger = "new-patient"},
                  {.id = message.id + "-2", .job = "notify", .trigger = "any-case"}};
  ASSERT_TRUE(append_and_wait(*store, message).stored);
  store->close();

  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(
      raw.texts("SELECT job || '/' || trigger || '/' || state FROM runs "
                "WHERE message_id = '" +
                message.id + "' ORDER BY id"),
      (std::vector<std::string>{"sync-patient/new-patient/queued", "notify/any-case/queued"}));
  EXPECT_EQ(raw.count("SELECT count(*) FROM runs WHERE created_at_ms > 0"), 2);
}

TEST(SqliteStorePlannedRuns, RunWithoutIdGetsOne) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage message = make_message();
  message.runs = {{.id = "", .job = "sync", .trigger = "t"}};
  ASSERT_TRUE(append_and_wait(*store, message).stored);
  store->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("SELECT count(*) FROM runs WHERE length(id) = 36"), 1);
}

// Two runs with the same id break the runs primary key: the message must not be stored without
// its runs, and the other messages of the same batch are not affected.
TEST(SqliteStorePlannedRuns, MessageWhoseRunsFailIsNotStoredAndOthersAre) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage broken = make_message();
  broken.runs = {{.id = "same", .job = "a", .trigger = "t"},
                 {.id = "same", .job = "b", .trigger = "t"}};
  IncomingMessage fine = make_message();
  fine.runs = {{.id = fine.id + "-run", .job = "a", .trigger = "t"}};

  AppendOutcome broken_outcome;
  AppendOutcome fine_outcome;
  {
    WriterPause pause(*store);  // both go into one batch
    store->append(broken, [&](AppendOutcome o) { broken_outcome = std::move(o); });
    store->append(fine, [&](AppendOutcome o) { fine_outcome = std::move(o); });
  }
  store->close();  // drains: both callbacks have run

  EXPECT_FALSE(broken_outcome.stored);
  EXPECT_NE(broken_outcome.error.find("constraint"), std::string::npos) << broken_outcome.error;
  EXPECT_TRUE(fine_outcome.stored) << fine_outcome.error;

  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("SELECT count(*) FROM messages WHERE id = '" + broken.id + "'"), 0);
  EXPECT_EQ(raw.count("SELECT count(*) FROM runs WHERE message_id = '" + broken.id + "'"), 0);
  EXPECT_EQ(raw.count("SELECT count(*) FROM messages WHERE id = '" + fine.id + "'"), 1);
  EXPECT_EQ(raw.count("SELECT count(*) FROM runs WHERE message_id = '" + fine.id + "'"), 1);
}

}  // namespace
}  // namespace intake::test
