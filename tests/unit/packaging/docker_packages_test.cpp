// The image's build stage installs every library scripts/setup.sh installs to build intake:
// a dependency added to one and not the other breaks `docker build` long after the change.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "support/fixtures.hpp"

namespace intake::test {
namespace {

std::set<std::string> dev_packages(const std::string& text) {
  static const std::regex kDevPackage(R"(\blib[a-z0-9.+-]*-dev\b)");
  std::set<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kDevPackage);
       it != std::sregex_iterator(); ++it) {
    found.insert(it->str());
  }
  return found;
}

TEST(DockerPackages, TheBuildStageHasEveryBuildLibraryOfSetup) {
  const std::string source(INTAKE_SOURCE_DIR);
  const auto setup = dev_packages(read_file(source + "/scripts/setup.sh"));
  const auto image = dev_packages(read_file(source + "/docker/Dockerfile"));
  ASSERT_GT(setup.size(), 10u);
  // Test and benchmark libraries are not built into the image.
  const std::set<std::string> test_only = {"libgtest-dev", "libgmock-dev", "libbenchmark-dev"};
  for (const std::string& package : setup) {
    if (test_only.count(package)) continue;
    EXPECT_TRUE(image.count(package))
        << package << " is in scripts/setup.sh, not in docker/Dockerfile";
  }
}

}  // namespace
}  // namespace intake::test
