#pragma once
// Where the shared fixtures are, and small helpers to read them.

#include <filesystem>
#include <string>

namespace intake::test {

// ../shared/fixtures beside the project root, or $INTAKE_FIXTURES when set.
std::filesystem::path fixtures_dir();

// The whole file, byte for byte. Fails the current test (and returns "") when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// A fresh, empty directory under the system temp dir, removed when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace intake::test
