// Invariant 1: an acknowledged append survives the process being killed at any instant.
// A child process appends without pause and reports every acknowledged id through a pipe; the
// parent kills it with SIGKILL at a random moment, reopens the file and finds every one of them.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <semaphore>
#include <sstream>

#include "intake/store/store.hpp"
#include "store_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

constexpr std::size_t kIdLength = 36;

std::string body_for(const std::string& fixture, const std::string& id) {
  return fixture + std::string("\0", 1) + id;  // each body differs, and holds a NUL byte
}

[[noreturn]] void append_until_killed(const StoreOptions& options, const std::string& fixture,
                                      int report_fd) {
  try {
    auto store = open_sqlite_store(options);
    std::counting_semaphore<64> in_flight(64);
    for (;;) {
      in_flight.acquire();
      IncomingMessage message = make_message("commcare");
      message.body = body_for(fixture, message.id);
      store->append(std::move(message), [&, id = message.id](AppendOutcome outcome) {
        if (outcome.stored) {
          const std::string line = outcome.id + "\n";  // one write under PIPE_BUF: atomic
          if (write(report_fd, line.data(), line.size()) < 0) _exit(3);
        }
        in_flight.release();
      });
    }
  } catch (...) {
    _exit(2);
  }
}

// Reads what the child reports until `deadline`, then everything left once it is dead.
std::string read_reports(int fd, pid_t child, std::chrono::steady_clock::time_point deadline) {
  std::string reported;
  char buffer[4096];
  bool killed = false;
  for (;;) {
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      kill(child, SIGKILL);
      killed = true;
    }
    pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
    if (poll(&readable, 1, 10) <= 0) continue;
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) break;  // EOF: the child is gone and the pipe is empty
    reported.append(buffer, static_cast<std::size_t>(got));
  }
  return reported;
}

TEST(SqliteStoreCrashSafety, AcknowledgedAppendsSurviveSigkill) {
  TempDir dir;
  const StoreOptions options = options_in(dir.path());
  const std::string fixture =
      read_file(fixtures_dir() / "openfn/commcare-case-patient.miraclefeet.json");
  ASSERT_FALSE(fixture.empty());
  std::mt19937 random(std::random_device{}());
  const auto kill_after =
      std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 900)(random));

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    append_until_killed(options, fixture, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  const std::string reported =
      read_reports(pipe_fds[0], child, std::chrono::steady_clock::now() + kill_after);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself, status " << status;

  std::istringstream lines(reported);
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) {
    ASSERT_EQ(line.size(), kIdLength) << "a torn report line: " << line;
    ids.push_back(line);
  }
  ASSERT_GT(ids.size(), 10u) << "the child acknowledged too little to test anything";

  auto store = open_sqlite_store(options);
  for (const std::string& id : ids) {
    const auto found = store->find_message(id);
    ASSERT_TRUE(found) << "acknowledged but lost: " << id;
    EXPECT_EQ(found->body, body_for(fixture, id));
  }
  std::cout << "killed after " << kill_after.count() << " ms; " << ids.size()
            << " acknowledged appends all present (" << store->count_messages()
            << " messages in the file)\n";
}

}  // namespace
}  // namespace intake::test
