// The real binary is killed with SIGKILL at a random moment while clients post. After a
// restart every message that got a 2xx is present and byte-identical.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "intake/store/store.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

std::filesystem::path write_config(const TempDir& dir, std::uint16_t port) {
  auto path = dir.path() / "intake.yaml";
  write_test_config(path, port, dir.path() / "data" / "intake.db", "threads: 2, access_log: false");
  return path;
}

TEST(Crash, EveryAcknowledgedMessageSurvivesSigkill) {
  TempDir dir;
  const std::uint16_t port = free_port();
  const auto config = write_config(dir, port);
  const std::string base =
      read_file(fixtures_dir() / "openfn/commcare-case-patient.miraclefeet.json");
  ASSERT_FALSE(base.empty());

  std::mt19937 rng(std::random_device{}());
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // id -> body

  for (int round = 0; round < 3; ++round) {
    IntakeProcess intake(config, dir.path() / "log.txt");
    ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)))
        << read_file(dir.path() / "log.txt");
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&, c] {
        int n = 0;
        while (!stop) {
          // Unique bodies: the real case with a varying field.
          std::string body = base;
          body.insert(1, "\"probe\":\"r" + std::to_string(round) + "c" + std::to_string(c) + "n" +
                             std::to_string(n++) + "\",");
          try {
            HttpConnection connection(port);
            auto result = connection.request("POST", "/inbox/commcare?app_id=x",
                                             {{"Content-Type", "application/json"}}, body);
            if (result.status == 202) {
              std::lock_guard lock(mutex);
              acknowledged[nlohmann::json::parse(result.body)["id"]] = body;
            }
          } catch (const std::exception&) {
            // The server died mid-request: that request was not acknowledged.
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 600));
    intake.kill(SIGKILL);
    EXPECT_EQ(intake.wait(), 128 + SIGKILL);
    stop = true;
    for (auto& client : clients) client.join();
  }
  ASSERT_GT(acknowledged.size(), 10u);

  // Restart once more to prove the store opens cleanly after the crashes, then check it.
  {
    IntakeProcess intake(config, dir.path() / "log.txt");
    ASSERT_TRUE(intake.wait_ready(port, std::chrono::seconds(20)));
    intake.kill(SIGTERM);
    EXPECT_EQ(intake.wait(), 0);
  }
  StoreOptions options;
  options.path = (dir.path() / "data" / "intake.db").string();
  auto store = open_sqlite_store(options);
  for (const auto& [id, body] : acknowledged) {
    auto stored = store->find_message(id);
    ASSERT_TRUE(stored.has_value()) << "acknowledged message " << id << " was lost";
    EXPECT_EQ(stored->body, body);
  }
  store->close();
}

}  // namespace
}  // namespace intake::test
