// open_store_reader: the CLI's read-only view of a store that a server may be writing. It never
// creates or migrates a file, and reads what the writer committed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "intake/store/store.hpp"
#include "intake/store/store_reader.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

std::string reader_error(const std::string& path) {
  try {
    open_store_reader(path);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

TEST(StoreReader, MissingFileIsStoreNotFoundAndNothingIsCreated) {
  TempDir dir;
  const auto path = dir.path() / "data" / "intake.db";
  EXPECT_THROW(open_store_reader(path.string()), StoreNotFound);
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
}

TEST(StoreReader, ReadsWhatTheOpenStoreCommittedAndFiltersRuns) {
  TempDir dir;
  const auto options = options_in(dir.path());
  auto store = open_sqlite_store(options);
  IncomingMessage first = make_message();
  first.runs = {{.id = first.id + "-a", .job = "a", .trigger = "t", .order_key = {}},
                {.id = first.id + "-b", .job = "b", .trigger = "t", .order_key = {}}};
  ASSERT_TRUE(append_and_wait(*store, first).stored);

  auto reader = open_store_reader(options.path);  // while the writer is open
  ASSERT_TRUE(reader->find_message(first.id));
  EXPECT_EQ(reader->find_message(first.id)->body, first.body);

  IncomingMessage second = make_message("other");
  ASSERT_TRUE(append_and_wait(*store, second).stored);
  // A later commit is visible to the same reader.
  EXPECT_EQ(reader->list_messages({.inbox = {}, .limit = 10}).size(), 2u);
  EXPECT_EQ(reader->list_messages({.inbox = "other", .limit = 10}).size(), 1u);

  const auto queued = reader->list_runs(
      {.state = jobs::RunState::queued, .job = {}, .message_id = {}, .limit = 10});
  EXPECT_EQ(queued.size(), 2u);
  EXPECT_TRUE(
      reader
          ->list_runs(
              {.state = jobs::RunState::succeeded, .job = {}, .message_id = {}, .limit = 10})
          .empty());
  const auto of_b = reader->list_runs(
      {.state = jobs::RunState::queued, .job = "b", .message_id = first.id, .limit = 10});
  ASSERT_EQ(of_b.size(), 1u);
  EXPECT_EQ(of_b[0].id, first.id + "-b");
  EXPECT_EQ(reader->count_runs_by_state(), (std::map<std::string, std::int64_t>{{"queued", 2}}));
  store->close();
}

TEST(StoreReader, RefusesFilesWithoutTheSchemaThisBuildReads) {
  TempDir dir;
  const auto empty = dir.path() / "empty.db";
  std::ofstream(empty).flush();
  EXPECT_NE(reader_error(empty.string()).find("is not an intake store"), std::string::npos);

  const auto text = dir.path() / "text.db";
  std::ofstream(text) << std::string(200, 'x');
  EXPECT_NE(reader_error(text.string()).find("cannot read"), std::string::npos);

  const auto options = options_in(dir.path());
  open_sqlite_store(options)->close();
  {
    RawDb raw(options.path);
    raw.exec("PRAGMA user_version = 1");
  }
  const std::string older = reader_error(options.path);
  EXPECT_NE(older.find("older than this intake reads"), std::string::npos) << older;
  EXPECT_NE(older.find("intake serve"), std::string::npos) << older;
  {
    RawDb raw(options.path);
    raw.exec("PRAGMA user_version = 99");
  }
  EXPECT_NE(reader_error(options.path).find("newer than this intake reads"), std::string::npos);
}

}  // namespace
}  // namespace intake::test
