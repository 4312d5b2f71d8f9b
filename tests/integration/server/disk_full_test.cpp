// A full disk: intake answers 503 (never 2xx) for what it cannot store, keeps everything it
// acknowledged, and recovers by itself once there is space again. Uses a small tmpfs, which
// needs root and mount rights; skipped (visibly) where that is not possible.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/mount.h>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

class SmallDisk {
 public:
  explicit SmallDisk(const std::filesystem::path& where) : where_(where) {
    std::filesystem::create_directories(where_);
    mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, "size=2m") == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  bool grow() { return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0; }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
};

TEST(DiskFull, FullDiskGives503KeepsAcknowledgedMessagesAndRecovers) {
  TempDir dir;
  SmallDisk disk(dir.path() / "disk");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)";
  const std::string db = (dir.path() / "disk" / "intake.db").string();
  RunningServer server("storage: { path: \"" + db + "\" }\ninboxes:\n  commcare: {}\n", {}, db);

  std::map<std::string, std::string> acknowledged;
  int refused = 0;
  for (int i = 0; i < 200 && refused < 3; ++i) {
    nlohmann::json body = {{"n", i}, {"padding", std::string(48 * 1024, 'x')}};
    auto result = http_request(server.port(), "POST", "/inbox/commcare",
                               {{"Content-Type", "application/json"}}, body.dump());
    if (result.status == 202) {
      acknowledged[nlohmann::json::parse(result.body)["id"]] = body.dump();
    } else {
      ASSERT_EQ(result.status, 503) << result.body;  // never anything else, never 2xx
      EXPECT_FALSE(result.header("retry-after").empty());
      ++refused;
    }
  }
  ASSERT_GT(refused, 0) << "the 2 MiB disk never filled up";
  ASSERT_GT(acknowledged.size(), 0u);
  for (const auto& [id, body] : acknowledged) {
    auto stored = server.store().find_message(id);
    ASSERT_TRUE(stored) << id;
    EXPECT_EQ(stored->body, body);
  }

  ASSERT_TRUE(disk.grow());
  auto after = http_request(server.port(), "POST", "/inbox/commcare",
                            {{"Content-Type", "application/json"}}, R"({"after":"grow"})");
  EXPECT_EQ(after.status, 202) << after.body;
  server.stop();
}

}  // namespace
}  // namespace intake::test
