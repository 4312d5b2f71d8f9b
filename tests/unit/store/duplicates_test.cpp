// (inbox, dedupe_key) identifies a message: a second copy is answered with the first one's id.

#include <gtest/gtest.h>

#include <latch>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

IncomingMessage copy_with_new_id(const IncomingMessage& original) {
  IncomingMessage copy = make_message(original.inbox, original.body);
  copy.dedupe_key = original.dedupe_key;
  copy.runs = {{.id = copy.id + "-run", .job = "sync", .trigger = "any-case"}};
  return copy;
}

TEST(SqliteStoreDuplicates, SecondCopyInALaterBatchGetsTheOriginalId) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage original = make_message();
  original.dedupe_key = "form-123";
  ASSERT_TRUE(append_and_wait(*store, original).stored);

  const IncomingMessage copy = copy_with_new_id(original);
  const AppendOutcome outcome = append_and_wait(*store, copy);
  EXPECT_TRUE(outcome.stored);
  EXPECT_TRUE(outcome.duplicate);
  EXPECT_EQ(outcome.id, original.id);
  EXPECT_EQ(store->count_messages(), 1);
  EXPECT_FALSE(store->find_message(copy.id));
  EXPECT_EQ(store->stats().duplicates, 1u);

  store->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("SELECT count(*) FROM runs"), 0) << "a duplicate must not plan runs";
}

TEST(SqliteStoreDuplicates, TwoCopiesInOneBatchStoreOnlyTheFirst) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage first = make_message();
  first.dedupe_key = "case-9";
  const IncomingMessage second = copy_with_new_id(first);

  // While the writer is held inside a callback, both copies queue up and then go in one batch.
  WriterPause pause(*store);
  std::vector<AppendOutcome> outcomes(2);
  std::latch answered(2);
  store->append(first, [&](AppendOutcome o) { outcomes[0] = o, answered.count_down(); });
  store->append(second, [&](AppendOutcome o) { outcomes[1] = o, answered.count_down(); });
  const std::uint64_t commits_before = store->stats().commits;
  pause.release();
  answered.wait();
  EXPECT_EQ(store->stats().commits, commits_before + 1) << "both copies in one transaction";

  EXPECT_TRUE(outcomes[0].stored);
  EXPECT_FALSE(outcomes[0].duplicate);
  EXPECT_EQ(outcomes[0].id, first.id);
  EXPECT_TRUE(outcomes[1].stored);
  EXPECT_TRUE(outcomes[1].duplicate);
  EXPECT_EQ(outcomes[1].id, first.id);
  EXPECT_EQ(store->list_messages({.inbox = first.inbox, .limit = 10}).size(), 1u);
}

TEST(SqliteStoreDuplicates, SameKeyInAnotherInboxIsNotADuplicate) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  IncomingMessage forms = make_message("forms");
  forms.dedupe_key = "k";
  IncomingMessage cases = make_message("cases");
  cases.dedupe_key = "k";
  EXPECT_FALSE(append_and_wait(*store, forms).duplicate);
  EXPECT_FALSE(append_and_wait(*store, cases).duplicate);
  EXPECT_EQ(store->count_messages(), 2);
}

TEST(SqliteStoreDuplicates, EmptyDedupeKeyNeverDeduplicates) {
  TempDir dir;
  auto store = open_sqlite_store(options_in(dir.path()));
  for (int i = 0; i < 3; ++i) {
    IncomingMessage message = make_message();
    message.dedupe_key.clear();
    EXPECT_FALSE(append_and_wait(*store, message).duplicate);
  }
  EXPECT_EQ(store->count_messages(), 3);
}

}  // namespace
}  // namespace intake::test
