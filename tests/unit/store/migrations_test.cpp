// The schema is versioned (PRAGMA user_version) and migrated on open.

#include <gtest/gtest.h>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(SqliteStoreMigrations, NewDatabaseIsAtTheLatestVersionInWalMode) {
  TempDir dir;
  open_sqlite_store(options_in(dir.path()))->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_GE(raw.count("PRAGMA user_version"), 1);
  EXPECT_EQ(raw.texts("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
  EXPECT_EQ(raw.count("SELECT count(*) FROM sqlite_schema WHERE name IN "
                      "('messages', 'runs', 'quarantine')"),
            3);
}

TEST(SqliteStoreMigrations, OpeningTwiceKeepsTheDataAndTheVersion) {
  TempDir dir;
  const IncomingMessage message = make_message();
  {
    auto store = open_sqlite_store(options_in(dir.path()));
    ASSERT_TRUE(append_and_wait(*store, message).stored);
  }
  std::int64_t version = 0;
  {
    RawDb raw(options_in(dir.path()).path);
    version = raw.count("PRAGMA user_version");
  }
  auto store = open_sqlite_store(options_in(dir.path()));
  EXPECT_TRUE(store->find_message(message.id));
  store->close();
  RawDb raw(options_in(dir.path()).path);
  EXPECT_EQ(raw.count("PRAGMA user_version"), version);
}

TEST(SqliteStoreMigrations, TwoStoresOnOneFileBothOpen) {
  TempDir dir;
  auto first = open_sqlite_store(options_in(dir.path()));
  auto second = open_sqlite_store(options_in(dir.path()));
  EXPECT_TRUE(append_and_wait(*first, make_message()).stored);
  EXPECT_TRUE(append_and_wait(*second, make_message()).stored);
  EXPECT_EQ(first->count_messages(), 2);
}

TEST(SqliteStoreMigrations, NewerSchemaIsRefusedWithAClearError) {
  TempDir dir;
  open_sqlite_store(options_in(dir.path()))->close();
  {
    RawDb raw(options_in(dir.path()).path);
    ASSERT_EQ(raw.exec("PRAGMA user_version = 999"), SQLITE_OK);
  }
  try {
    open_sqlite_store(options_in(dir.path()));
    FAIL() << "a database from a newer intake must be refused";
  } catch (const std::runtime_error& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("schema version 999"), std::string::npos) << what;
    EXPECT_NE(what.find("newer"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace intake::test
