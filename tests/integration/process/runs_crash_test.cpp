// SIGKILL of the whole process while runs are in flight: after a restart every run of every
// acknowledged message finishes exactly as configured (its flow too) and none is lost.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"
#include "support/test_http_server.hpp"

namespace intake::test {
namespace {

using namespace std::chrono_literals;

void write_config(const std::filesystem::path& path, std::uint16_t port,
                  const std::filesystem::path& db, const std::string& target) {
  std::ofstream(path)
      << "server: { listen: \"127.0.0.1:" << port << "\", access_log: false }\n"
      << "storage: { path: \"" << db.string() << "\" }\n"
      << "workers: { threads: 2, lease: 1s, shutdown_grace: 1s }\n"
      << "inboxes:\n  commcare: {}\n"
      << "jobs:\n"
      << "  forward:\n"
      << "    handler: http.request\n"
      << "    retry: { max_attempts: 20, initial: 50ms, multiplier: 2, max: 500ms }\n"
      << "    params: { method: POST, url: \"" << target
      << "\", body: { probe: \"{{ /data/probe }}\" } }\n"
      << "  note: { handler: log }\n"
      << "triggers:\n"
      << "  every-case: { criteria: { case_id: { $exists: true } }, jobs: [forward] }\n"
      << "  after-forward: { type: flow, after: forward, jobs: [note] }\n";
}

struct RunRow {
  std::string job;
  std::string state;
  std::string message_id;
};

std::vector<RunRow> read_runs(const std::filesystem::path& db) {
  std::vector<RunRow> rows;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return rows;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(raw, "SELECT job, state, ifnull(message_id, '') FROM runs", -1, &statement,
                     nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                    reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)),
                    reinterpret_cast<const char*>(sqlite3_column_text(statement, 2))});
  }
  sqlite3_finalize(statement);
  sqlite3_close(raw);
  return rows;
}

TEST(RunsCrash, EveryRunFinishesAfterSigkillWithRunsInFlight) {
  TempDir dir;
  TestHttpServer target;
  // Slow enough that attempts are in flight when the process dies.
  target.set_responder([](const RecordedRequest&) { return Reply::text(200, "ok").after(30ms); });
  const std::uint16_t port = free_port();
  const auto config = dir.path() / "intake.yaml";
  const auto db = dir.path() / "data" / "intake.db";
  write_config(config, port, db, target.url("/hook"));

  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // message id -> probe
  for (int round = 0; round < 2; ++round) {
    IntakeProcess intake(config, dir.path() / "log.txt");
    ASSERT_TRUE(intake.wait_ready(port, 20s)) << read_file(dir.path() / "log.txt");
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c) {
      clients.emplace_back([&, c] {
        for (int n = 0; !stop; ++n) {
          const std::string probe =
              "r" + std::to_string(round) + "c" + std::to_string(c) + "n" + std::to_string(n);
          const std::string body =
              R"({"case_id": ")" + probe + R"(", "probe": ")" + probe + R"("})";
          try {
            HttpConnection connection(port);
            auto result = connection.request("POST", "/inbox/commcare",
                                             {{"Content-Type", "application/json"}}, body);
            if (result.status == 202) {
              std::lock_guard lock(mutex);
              acknowledged[nlohmann::json::parse(result.body)["id"]] = probe;
            }
          } catch (const std::exception&) {
          }
          std::this_thread::sleep_for(5ms);
        }
      });
    }
    std::this_thread::sleep_for(800ms);
    intake.kill(SIGKILL);
    EXPECT_EQ(intake.wait(), 128 + SIGKILL);
    stop = true;
    for (auto& client : clients) client.join();
  }
  ASSERT_GT(acknowledged.size(), 20u);

  // Restart and let every run finish.
  IntakeProcess intake(config, dir.path() / "log.txt");
  ASSERT_TRUE(intake.wait_ready(port, 20s));
  std::vector<RunRow> runs;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    runs = read_runs(db);
    const bool all_done = std::all_of(runs.begin(), runs.end(),
                                      [](const RunRow& r) { return r.state == "succeeded"; });
    std::size_t notes =
        std::count_if(runs.begin(), runs.end(), [](const RunRow& r) { return r.job == "note"; });
    if (all_done && notes * 2 == runs.size() && runs.size() >= acknowledged.size() * 2) break;
    std::this_thread::sleep_for(100ms);
  }
  intake.kill(SIGTERM);
  EXPECT_EQ(intake.wait(), 0);

  std::map<std::string, std::map<std::string, int>> per_message;  // message -> job -> count
  for (const RunRow& run : runs) {
    EXPECT_EQ(run.state, "succeeded") << run.job << " of " << run.message_id;
    ++per_message[run.message_id][run.job];
  }
  std::set<std::string> delivered;
  for (const auto& request : target.requests()) {
    delivered.insert(nlohmann::json::parse(request.body)["probe"].get<std::string>());
  }
  for (const auto& [id, probe] : acknowledged) {
    EXPECT_EQ(per_message[id]["forward"], 1) << "message " << id;
    EXPECT_EQ(per_message[id]["note"], 1) << "message " << id;
    EXPECT_TRUE(delivered.count(probe))
        << "acknowledged message " << probe << " never reached the target";
  }
}

}  // namespace
}  // namespace intake::test
