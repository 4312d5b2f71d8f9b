// The intake command line: help, version, config errors and clean stops on SIGTERM.

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

TEST(Cli, HelpAndVersion) {
  auto help = run_intake({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("serve"), std::string::npos);
  EXPECT_NE(help.output.find("check"), std::string::npos);
  auto version = run_intake({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("intake 0."), std::string::npos);
}

TEST(Cli, NoSubcommandOrUnknownOptionIsAnError) {
  EXPECT_NE(run_intake({}).exit_code, 0);
  EXPECT_NE(run_intake({"serve", "--bogus"}).exit_code, 0);
  const auto typo = run_intake({"mesages", "--config", "config/intake.yaml"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.output.find("unknown command 'mesages' (commands: serve check match"),
            std::string::npos)
      << typo.output;
}

TEST(Cli, MissingConfigFileIsAClearError) {
  auto result = run_intake({"serve", "--config", "/nonexistent/intake.yaml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("/nonexistent/intake.yaml"), std::string::npos);
  EXPECT_NE(result.output.find("cannot read"), std::string::npos);
  EXPECT_NE(run_intake({"check", "--config", "/nonexistent/intake.yaml"}).exit_code, 0);
}

TEST(Cli, InvalidConfigNamesFileLineAndColumn) {
  TempDir dir;
  auto path = dir.path() / "bad.yaml";
  std::ofstream(path) << "inboxes:\n  commcare:\n    auht: []\n";
  auto result = run_intake({"serve", "--config", path.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find(path.string() + ":3:5"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("unknown key 'auht'"), std::string::npos) << result.output;
  auto check = run_intake({"check", "--config", path.string()});
  EXPECT_EQ(check.exit_code, 1);
}

TEST(Cli, CheckAcceptsTheDefaultConfig) {
  auto result =
      run_intake({"check", "--config", std::string(INTAKE_SOURCE_DIR) + "/config/intake.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("OK"), std::string::npos);
}

TEST(Cli, SigtermStopsCleanlyAndSigintToo) {
  for (int signal : {SIGTERM, SIGINT}) {
    TempDir dir;
    const auto port = free_port();
    auto path = dir.path() / "intake.yaml";
    write_test_config(path, port, dir.path() / "intake.db");
    IntakeProcess intake(path, dir.path() / "log.txt");
    ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
    ASSERT_EQ(http_request(port, "POST", "/inbox/commcare", {{"Content-Type", "application/json"}},
                           R"({"a":1})")
                  .status,
              202);
    intake.kill(signal);
    EXPECT_EQ(intake.wait(), 0);
    const std::string log = read_file(dir.path() / "log.txt");
    EXPECT_NE(log.find("stopped"), std::string::npos) << log;
    // A clean close checkpoints the WAL: no leftover -wal content.
    std::error_code ec;
    auto wal_size = std::filesystem::file_size(dir.path() / "intake.db-wal", ec);
    EXPECT_TRUE(ec || wal_size == 0);
  }
}

TEST(Cli, PortInUseIsAClearError) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "intake.db");
  IntakeProcess first(path, dir.path() / "log1.txt");
  ASSERT_TRUE(first.wait_ready(port, std::chrono::seconds(20)));
  auto path2 = dir.path() / "intake2.yaml";
  write_test_config(path2, port, dir.path() / "other.db");
  auto second = run_intake({"serve", "--config", path2.string()});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("cannot listen"), std::string::npos) << second.output;
  first.kill(SIGTERM);
  EXPECT_EQ(first.wait(), 0);
}

// A second server on the same store (another port, the same storage.path) is refused and the
// first one goes on serving; once the first has stopped, the store can be served again.
TEST(Cli, SecondServerOnTheSameStoreIsRefused) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "store" / "intake.db");
  IntakeProcess first(path, dir.path() / "log1.txt");
  ASSERT_TRUE(first.wait_ready(port, std::chrono::seconds(20)));
  const auto other_port = free_port();
  auto path2 = dir.path() / "intake2.yaml";
  write_test_config(path2, other_port, dir.path() / "store" / "intake.db");
  auto second = run_intake({"serve", "--config", path2.string()});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("another intake server (pid "), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("intake.db.lock is locked"), std::string::npos) << second.output;
  EXPECT_EQ(http_request(port, "POST", "/inbox/commcare", {{"Content-Type", "application/json"}},
                         R"({"still":"served"})")
                .status,
            202);
  first.kill(SIGTERM);
  EXPECT_EQ(first.wait(), 0);

  IntakeProcess again(path2, dir.path() / "log2.txt");
  EXPECT_TRUE(again.wait_ready(other_port, std::chrono::seconds(20)));
  again.kill(SIGTERM);
  EXPECT_EQ(again.wait(), 0);
}

}  // namespace
}  // namespace intake::test

namespace intake::test {
namespace {

// SIGTERM while a request's body is still arriving: the request is finished and answered.
TEST(Cli, SigtermFinishesARequestInFlight) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "intake.db");
  IntakeProcess intake(path, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
  const std::string body = R"({"slow":"client"})";
  HttpConnection connection(port);
  connection.send_raw(
      "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  intake.kill(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  connection.send_raw(body.substr(5));
  auto reply = connection.read_response();
  EXPECT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_EQ(intake.wait(), 0);
}

}  // namespace
}  // namespace intake::test
