#pragma once
// One server per store: `intake serve` holds an exclusive lock on "<store>.lock" for as long as it
// runs, so a second server started on the same store (another config naming the same path, a
// forgotten process) is refused instead of sharing its writes and its runs. Readers (the CLI)
// take no lock. The kernel releases the lock when the process ends, however it ends.

#include <memory>
#include <stdexcept>
#include <string>

namespace intake {

class StoreLockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StoreLock {
 public:
  // Creates the store's folder if needed. Throws StoreLockError when another process holds the
  // lock (naming its pid when known) or the lock file cannot be opened.
  static std::unique_ptr<StoreLock> acquire(const std::string& store_path);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace intake
