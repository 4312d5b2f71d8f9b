// Under a low open-file limit, intake fits its connection limit to it: connections beyond get a
// clean 503 (HQ retries it) instead of failing in accept(), which used to spin, writing a
// million log lines in two seconds.

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

std::string read_log(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(DescriptorLimit, ConnectionsBeyondTheOpenFileLimitGet503AndTheServerStaysQuiet) {
  TempDir dir;
  const auto port = free_port();
  const auto config = dir.path() / "intake.yaml";
  const auto log = dir.path() / "log.txt";
  write_test_config(config, port, dir.path() / "intake.db");  // max_connections: 10000
  IntakeProcess intake(config, log, /*open_files=*/128);
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20))) << read_log(log);
  EXPECT_NE(read_log(log).find("max_connections_lowered configured=10000 used=64"),
            std::string::npos)
      << read_log(log);

  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 150; ++i) idle.push_back(std::make_unique<HttpConnection>(port));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto full = http_request(port, "GET", "/healthz");
  EXPECT_EQ(full.status, 503);
  EXPECT_NE(full.body.find("too_many_connections"), std::string::npos) << full.body;

  idle.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(http_request(port, "GET", "/healthz").status, 200);
  const std::string text = read_log(log);
  EXPECT_EQ(count_lines_with(text, "accept_failed"), 0u) << text.substr(0, 2000);
  EXPECT_LT(count_lines_with(text, "\n"), 200u);  // a log line per rejection at most
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

// Out of descriptors anyway (the limit lowered under a running server): accept() fails with
// EMFILE. The listener waits and tries again, with one warning per 10 s, instead of spinning.
TEST(DescriptorLimit, OutOfDescriptorsTheListenerBacksOffAndRecovers) {
  TempDir dir;
  const auto port = free_port();
  const auto config = dir.path() / "intake.yaml";
  const auto log = dir.path() / "log.txt";
  write_test_config(config, port, dir.path() / "intake.db");
  IntakeProcess intake(config, log, /*open_files=*/128);
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20))) << read_log(log);
  const rlimit lowered{40, 40};
  ASSERT_EQ(prlimit(intake.pid(), RLIMIT_NOFILE, &lowered, nullptr), 0);

  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 60; ++i) idle.push_back(std::make_unique<HttpConnection>(port));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::string during = read_log(log);
  EXPECT_GE(count_lines_with(during, "accept_failed"), 1u) << during.substr(0, 2000);
  EXPECT_LE(count_lines_with(during, "accept_failed"), 2u) << during.substr(0, 2000);

  idle.clear();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    try {
      status = http_request(port, "GET", "/healthz").status;
    } catch (const std::exception&) {
      status = 0;
    }
  }
  EXPECT_EQ(status, 200);
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

}  // namespace
}  // namespace intake::test
