// The `log` job: its message is a mapping template over the run's state, checked at load.

#include <gtest/gtest.h>

#include "intake/config/config_error.hpp"
#include "intake/config/config_loader.hpp"
#include "support/runtime_harness.hpp"

namespace intake::test {
namespace {

using jobs::RunState;

TEST(LogJob, MessageIsRenderedFromTheRunsState) {
  RuntimeHarness harness(R"(
inboxes:
  test: {}
jobs:
  note:
    handler: log
    params:
      message: "form {{ /data/form/@name }} by {{ /data/form/meta/username | default: \"someone\" }}"
)",
                         {});
  harness.start();
  const auto ids = harness.post({{"form", {{"@name", "Registration"}}}}, {"note"});
  const auto run = harness.wait_for(ids[0]);
  ASSERT_EQ(run.state, RunState::succeeded);
  ASSERT_EQ(run.attempt_log.size(), 1u);
  EXPECT_NE(run.attempt_log[0].log.find("form Registration by someone"), std::string::npos)
      << run.attempt_log[0].log;
  EXPECT_EQ(run.attempt_log[0].log.find("{{"), std::string::npos) << run.attempt_log[0].log;
}

TEST(LogJob, AMissingPathFailsTheRunPermanentlyNamingIt) {
  RuntimeHarness harness(R"(
inboxes:
  test: {}
jobs:
  note: { handler: log, params: { message: "user {{ /data/form/meta/userID }}" } }
)",
                         {});
  harness.start();
  const auto ids = harness.post({{"form", {{"@name", "Registration"}}}}, {"note"});
  const auto run = harness.wait_for(ids[0]);
  EXPECT_EQ(run.state, RunState::dead);
  EXPECT_EQ(run.attempts, 1);
  EXPECT_NE(run.last_error.find("/data/form/meta"), std::string::npos) << run.last_error;
}

TEST(LogJob, ABrokenTemplateIsAConfigErrorWithItsLine) {
  try {
    load_config_text(R"(inboxes: { test: {} }
jobs:
  note:
    handler: log
    params:
      message: "{{ data/form/@name"
)",
                     "jobs.yaml", [](const std::string&) { return std::optional<std::string>(); });
    FAIL() << "expected a config error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.line(), 6) << error.what();
    EXPECT_NE(std::string(error.what()).find("jobs.note.params.message"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace intake::test
