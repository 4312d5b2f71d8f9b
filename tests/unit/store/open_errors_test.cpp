// Opening fails early, with the path and the reason, when the store could not work.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

std::string open_error(const std::string& path) {
  StoreOptions options;
  options.path = path;
  try {
    open_sqlite_store(options);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(SqliteStoreOpen, CreatesMissingParentDirectories) {
  TempDir dir;
  StoreOptions options;
  options.path = (dir.path() / "a" / "b" / "c" / "intake.db").string();
  open_sqlite_store(options)->close();
  EXPECT_TRUE(std::filesystem::exists(options.path));
}

TEST(SqliteStoreOpen, DirectoryThatCannotBeCreatedIsAClearError) {
  TempDir dir;
  write_text(dir.path() / "not-a-dir", "x");
  const std::string error = open_error((dir.path() / "not-a-dir" / "sub" / "intake.db").string());
  EXPECT_NE(error.find("cannot create directory"), std::string::npos) << error;
  EXPECT_NE(error.find("not-a-dir"), std::string::npos) << error;
}

TEST(SqliteStoreOpen, DirectoryOnAReadOnlyFileSystemIsAClearError) {
  const std::string error = open_error("/proc/intake-store-test/intake.db");
  EXPECT_NE(error.find("cannot create directory"), std::string::npos) << error;
}

TEST(SqliteStoreOpen, PathThatIsADirectoryIsAClearError) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "intake.db");
  const std::string error = open_error((dir.path() / "intake.db").string());
  EXPECT_NE(error.find("cannot open the message store"), std::string::npos) << error;
  EXPECT_NE(error.find("intake.db"), std::string::npos) << error;
}

TEST(SqliteStoreOpen, FileThatIsNotADatabaseIsAClearError) {
  TempDir dir;
  write_text(dir.path() / "intake.db", std::string(4096, 'z'));
  const std::string error = open_error((dir.path() / "intake.db").string());
  EXPECT_NE(error.find("not a database"), std::string::npos) << error;
}

TEST(SqliteStoreOpen, UnwritableDirectoryIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes through file permissions";
  TempDir dir;
  const auto locked = dir.path() / "locked";
  std::filesystem::create_directory(locked);
  std::filesystem::permissions(
      locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string error = open_error((locked / "intake.db").string());
  std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  EXPECT_NE(error.find("cannot open the message store"), std::string::npos) << error;
}

TEST(SqliteStoreOpen, ReadOnlyDatabaseFileIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes through file permissions";
  TempDir dir;
  StoreOptions options = options_in(dir.path());
  open_sqlite_store(options)->close();
  std::filesystem::permissions(options.path, std::filesystem::perms::owner_read);
  const std::string error = open_error(options.path);
  EXPECT_NE(error.find("read-only"), std::string::npos) << error;
}

}  // namespace
}  // namespace intake::test
