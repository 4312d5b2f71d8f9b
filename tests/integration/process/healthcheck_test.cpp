// `intake healthcheck`, the container HEALTHCHECK: exit 0 while the configured server answers 2xx,
// 1 when it does not answer, answers otherwise, or the config cannot be read.

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

TEST(Healthcheck, HealthyWhileServingUnhealthyOnceStopped) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "intake.db");
  IntakeProcess intake(path, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));

  auto healthy = run_intake({"healthcheck", "--config", path.string()});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.output;
  EXPECT_NE(healthy.output.find("healthy: GET http://127.0.0.1:" + std::to_string(port) +
                                "/healthz -> 200"),
            std::string::npos)
      << healthy.output;
  EXPECT_EQ(run_intake({"healthcheck", "--config", path.string(), "--path", "/readyz"}).exit_code,
            0);
  auto not_found = run_intake({"healthcheck", "--config", path.string(), "--path", "/nowhere"});
  EXPECT_EQ(not_found.exit_code, 1);
  EXPECT_NE(not_found.output.find("unhealthy"), std::string::npos) << not_found.output;

  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
  auto stopped = run_intake({"healthcheck", "--config", path.string()});
  EXPECT_EQ(stopped.exit_code, 1);
  EXPECT_NE(stopped.output.find("cannot connect"), std::string::npos) << stopped.output;
}

// A container listens on 0.0.0.0; the check reaches it on loopback.
TEST(Healthcheck, WildcardListenAddressIsCheckedOnLoopback) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  std::ofstream(path) << "server: { listen: \"0.0.0.0:" << port << "\" }\n"
                      << "storage: { path: \"" << (dir.path() / "intake.db").string() << "\" }\n"
                      << "inboxes:\n  commcare: {}\n";
  IntakeProcess intake(path, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
  auto result = run_intake({"healthcheck", "--config", path.string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("http://127.0.0.1:"), std::string::npos) << result.output;
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

// The check needs only the listen address: secrets the server has are not needed to check it.
TEST(Healthcheck, NeedsNoSecrets) {
  TempDir dir;
  const auto port = free_port();
  auto path = dir.path() / "intake.yaml";
  std::ofstream(path)
      << "server: { listen: \"127.0.0.1:" << port << "\" }\n"
      << "storage: { path: \"" << (dir.path() / "intake.db").string() << "\" }\n"
      << "inboxes:\n  commcare: { auth: [ { type: bearer, token: \"${HC_TOKEN}\" } ] }\n";
  setenv("HC_TOKEN", "server-secret", 1);
  IntakeProcess intake(path, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
  unsetenv("HC_TOKEN");
  auto result = run_intake({"healthcheck", "--config", path.string()});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("healthy: GET"), std::string::npos) << result.output;
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);
}

TEST(Healthcheck, UnreadableConfigIsUnhealthy) {
  auto result = run_intake({"healthcheck", "--config", "/nonexistent/intake.yaml"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("/nonexistent/intake.yaml"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace intake::test
