// The store commands read the store while `intake serve` writes it: every read succeeds while
// messages arrive and runs finish, the server is not disturbed, and the reader sees new rows.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

constexpr int kReads = 10;

TEST(InspectCliLive, ReadsWhileTheServerWritesAndSeesRunsFinish) {
  TempDir dir;
  const auto port = free_port();
  const auto config = (dir.path() / "intake.yaml").string();
  std::ofstream(config)
      << "server: { listen: \"127.0.0.1:" << port << "\" }\n"
      << "storage: { path: \"" << (dir.path() / "intake.db").string() << "\" }\n"
      << "inboxes:\n  commcare: {}\n"
      << "jobs:\n  log-registration: { handler: log, params: { message: \"registration form "
         "received\" } }\n"
      << "triggers:\n  registrations:\n    criteria: { form: { \"@xmlns\": "
         "\"http://openrosa.org/formdesigner/B9C4EB51-A7CC-49B5-B7D5-10E9F10B450B\" } }\n"
      << "    jobs: [log-registration]\n";
  IntakeProcess server(config, dir.path() / "log.txt");
  ASSERT_TRUE(server.wait_ready(port, std::chrono::seconds(20)))
      << read_file(dir.path() / "log.txt");

  const auto form =
      http_request(port, "POST", "/inbox/commcare?app_id=abc", {{"Content-Type", "text/xml"}},
                   read_file(fixtures_dir() / "commcare/forwarded_form.xml"));
  ASSERT_EQ(form.status, 202) << form.body;
  const std::string form_id = nlohmann::json::parse(form.body)["id"];

  // Messages keep arriving for as long as the commands read.
  std::atomic<bool> reading{true};
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::thread sender([&] {
    for (int i = 0; reading.load() || i < 5; ++i) {
      const auto reply =
          http_request(port, "POST", "/inbox/commcare", {{"Content-Type", "application/json"}},
                       R"({"n":)" + std::to_string(i) + "}");
      ++(reply.status == 202 ? accepted : refused);
    }
  });
  std::size_t seen = 0;
  for (int read = 0; read < kReads; ++read) {
    const auto listed = run_intake({"messages", "--config", config, "--json", "--limit", "1000"});
    ASSERT_EQ(listed.exit_code, 0) << listed.output;
    const auto count = nlohmann::json::parse(listed.output)["messages"].size();
    EXPECT_GE(count, seen);  // a reader never sees fewer rows than before
    seen = count;
    ASSERT_EQ(run_intake({"runs", "--config", config, "--limit", "5"}).exit_code, 0);
  }
  reading = false;
  sender.join();
  EXPECT_EQ(refused.load(), 0);
  EXPECT_GT(seen, 1u);  // rows written while the reads went on were seen

  // The form's run finishes on the server; the reader sees it happen.
  nlohmann::json run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto runs = run_intake({"runs", "--config", config, "--json", "--message", form_id});
    ASSERT_EQ(runs.exit_code, 0) << runs.output;
    const auto list = nlohmann::json::parse(runs.output)["runs"];
    ASSERT_EQ(list.size(), 1u) << runs.output;
    run = list[0];
    if (run["state"] == "succeeded") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(run["state"], "succeeded") << run.dump();
  EXPECT_EQ(run["job"], "log-registration");

  const auto detail = run_intake({"run", "--config", config, run["id"]});
  ASSERT_EQ(detail.exit_code, 0) << detail.output;
  EXPECT_NE(detail.output.find("info   registration form received"), std::string::npos)
      << detail.output;
  const auto message = run_intake({"message", "--config", config, form_id});
  ASSERT_EQ(message.exit_code, 0) << message.output;
  EXPECT_NE(message.output.find("triggers      registrations"), std::string::npos)
      << message.output;
  EXPECT_NE(message.output.find("runs: 1 succeeded"), std::string::npos) << message.output;

  // The server was not disturbed: it still accepts and stops cleanly.
  EXPECT_EQ(http_request(port, "POST", "/inbox/commcare", {{"Content-Type", "application/json"}},
                         R"({"after":"reads"})")
                .status,
            202);
  server.kill(SIGTERM);
  EXPECT_EQ(server.wait(), 0);

  // However many the sender got in (it runs as long as the reads do), every one is listed.
  const auto after = run_intake(
      {"messages", "--config", config, "--json", "--limit", std::to_string(accepted.load() + 100)});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(nlohmann::json::parse(after.output)["messages"].size(),
            static_cast<std::size_t>(accepted.load()) + 2u);
}

}  // namespace
}  // namespace intake::test
