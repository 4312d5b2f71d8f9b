// The intake-commcare-emulator binary: --help, start-up errors, and a run driven only over
// HTTP through the control endpoints, as an end-to-end test of another program would.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

class EmulatorProcess {
 public:
  EmulatorProcess(const std::vector<std::string>& args, const std::filesystem::path& log) {
    std::vector<std::string> argv_store = {INTAKE_EMULATOR_BINARY};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_store) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      execv(argv[0], argv.data());
      _exit(127);
    }
    ::close(fd);
  }
  ~EmulatorProcess() {
    if (!done_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  // Waits for exit (bounded); returns the exit code, or -1.
  int wait(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        done_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    done_ = true;
    return -1;
  }
  bool wait_healthy(std::uint16_t port) {
    for (int i = 0; i < 500; ++i) {
      try {
        if (http_request(port, "GET", "/__emulator/health").status == 200) return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  void terminate() { ::kill(pid_, SIGTERM); }

 private:
  pid_t pid_ = -1;
  bool done_ = false;
};

class EmulatorBinaryTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::filesystem::path log = dir.path() / "emulator.log";
  std::filesystem::path users = dir.path() / "users.json";
  void SetUp() override {
    std::ofstream(users) << R"({"users": [{"username": "api@example.org", "api_key": "key-123",
                                "domains": ["demo"]}]})";
  }
  int run(const std::vector<std::string>& args) {
    EmulatorProcess process(args, log);
    return process.wait();
  }
};

TEST_F(EmulatorBinaryTest, HelpNamesTheOptions) {
  EXPECT_EQ(run({"--help"}), 0);
  const std::string help = read_file(log);
  for (const char* option : {"--port", "--host", "--domain", "--users", "--seed-fixtures"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

TEST_F(EmulatorBinaryTest, BadUsersFileOrMissingOptionsStopTheStart) {
  EXPECT_EQ(run({"--domain", "demo"}), 2);
  EXPECT_EQ(run({"--domain", "demo", "--users", (dir.path() / "missing.yaml").string()}), 2);
  EXPECT_NE(read_file(log).find("missing.yaml"), std::string::npos) << read_file(log);
  EXPECT_EQ(run({"--domain", "demo", "--users", users.string(), "--seed-fixtures",
                 (dir.path() / "no-such-folder").string()}),
            2);
  std::ofstream(dir.path() / "bad.yaml") << "users: [{ api_key: x }]";
  EXPECT_EQ(run({"--domain", "demo", "--users", (dir.path() / "bad.yaml").string()}), 2);
  EXPECT_NE(read_file(log).find("has no username"), std::string::npos) << read_file(log);
}

TEST_F(EmulatorBinaryTest, ServesHqAndControlEndpointsThenStopsOnSigterm) {
  const std::uint16_t port = free_port();
  EmulatorProcess process({"--port", std::to_string(port), "--domain", "demo", "--users",
                           users.string(), "--seed-fixtures", fixtures_dir().string()},
                          log);
  ASSERT_TRUE(process.wait_healthy(port)) << read_file(log);
  // The start-up line comes right after the port is bound (the health check may win the race).
  const std::string banner = "listening on http://127.0.0.1:" + std::to_string(port);
  bool announced = false;
  for (int i = 0; i < 250 && !announced; ++i) {
    announced = read_file(log).find(banner) != std::string::npos;
    if (!announced) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(announced) << read_file(log);

  // Fail the next HQ request through the control API.
  auto set = http_request(port, "POST", "/__emulator/fail", {},
                          R"({"count": 1, "status": 503, "retry_after": 4})");
  EXPECT_EQ(set.status, 200);
  auto failed = http_request(port, "GET", "/a/demo/api/case/v2/", api_key_auth());
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.header("retry-after"), "4");

  const json created = {{"case_type", "p"}, {"case_name", "From binary"}, {"owner_id", "o"}};
  EXPECT_EQ(
      http_request(port, "POST", "/a/demo/api/case/v2/", api_key_auth(), created.dump()).status,
      200);

  json requests = json::parse(http_request(port, "GET", "/__emulator/requests").body)["requests"];
  ASSERT_EQ(requests.size(), 2u) << "control requests are not recorded";
  EXPECT_EQ(requests[0]["status"], 503);
  EXPECT_EQ(requests[0]["injected"], "fail");
  EXPECT_EQ(requests[1]["body"], created.dump());

  json cases = json::parse(http_request(port, "GET", "/__emulator/cases").body)["cases"];
  EXPECT_EQ(cases.size(), 4u) << "three seeded cases and the new one";
  json forms = json::parse(http_request(port, "GET", "/__emulator/forms").body);
  EXPECT_EQ(forms["forms"].size(), 3u) << "two seeded forms and the Case API's form";

  EXPECT_EQ(http_request(port, "POST", "/__emulator/rate-limit", {},
                         R"({"requests": 1, "window_ms": 60000, "retry_after": 9})")
                .status,
            200);
  EXPECT_EQ(http_request(port, "GET", "/a/demo/api/form/v1/", api_key_auth()).status, 200);
  auto limited = http_request(port, "GET", "/a/demo/api/form/v1/", api_key_auth());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "9");

  EXPECT_EQ(http_request(port, "POST", "/__emulator/reset").status, 200);
  EXPECT_EQ(json::parse(http_request(port, "GET", "/__emulator/requests").body)["requests"].size(),
            0u);
  cases = json::parse(http_request(port, "GET", "/__emulator/cases").body)["cases"];
  EXPECT_EQ(cases.size(), 3u) << "reset returns to the seed";
  EXPECT_EQ(http_request(port, "GET", "/__emulator/nothing").status, 404);

  process.terminate();
  EXPECT_EQ(process.wait(), 0);
}

}  // namespace
}  // namespace intake::test
