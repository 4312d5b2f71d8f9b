#include "intake/store/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace intake {
namespace {

std::string read_holder(int fd) {
  char buffer[32] = {};
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

std::unique_ptr<StoreLock> StoreLock::acquire(const std::string& store_path) {
  const std::string lock_path = store_path + ".lock";
  std::error_code ignored;
  const auto folder = std::filesystem::path(store_path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ignored);
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw StoreLockError("cannot open " + lock_path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string holder = read_holder(fd);
    ::close(fd);
    if (error == EWOULDBLOCK) {
      throw StoreLockError("another intake server" +
                           (holder.empty() ? std::string() : " (pid " + holder + ")") +
                           " is using the store " + store_path + " (" + lock_path +
                           " is locked): stop it, or give this config its own storage.path");
    }
    throw StoreLockError("cannot lock " + lock_path + ": " + std::strerror(error));
  }
  // The holder's pid, for the message a second server prints; the lock itself is the flock.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return std::unique_ptr<StoreLock>(new StoreLock(fd));
}

StoreLock::~StoreLock() { ::close(fd_); }

}  // namespace intake
