// The store commands' errors: unknown ids, no store, a file that is not a store, usage errors,
// and help. Exit 1 for what is (not) in the store, 2 for how the command was called.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "seeded_store.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

std::filesystem::path config_for(const TempDir& dir, const std::filesystem::path& db) {
  const auto path = dir.path() / "intake.yaml";
  std::ofstream(path) << "storage: { path: \"" << db.string() << "\" }\ninboxes:\n  commcare: {}\n";
  return path;
}

TEST(InspectCliErrors, UnknownIdsExitOneAndSayWhatTheIdIs) {
  const auto& s = SeededStore::get();
  const std::string config = s.config.string();
  auto message =
      run_intake({"message", "--config", config, "0190aaaa-0000-7000-8000-000000000000"});
  EXPECT_EQ(message.exit_code, 1);
  EXPECT_EQ(message.output, "error: no message with id 0190aaaa-0000-7000-8000-000000000000\n");
  auto run = run_intake({"run", "--config", config, "nope", "--json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output, "error: no run with id nope\n");
  // A run's id given to `message` (and the other way round) says which command shows it.
  auto swapped = run_intake({"message", "--config", config, s.log_run});
  EXPECT_EQ(swapped.exit_code, 1);
  EXPECT_TRUE(
      contains(swapped.output, "it is a run's id: intake run --config " + config + " " + s.log_run))
      << swapped.output;
  auto swapped_back = run_intake({"run", "--config", config, s.form_id});
  EXPECT_EQ(swapped_back.exit_code, 1);
  EXPECT_TRUE(contains(swapped_back.output, "it is a message's id")) << swapped_back.output;
}

TEST(InspectCliErrors, MissingStoreIsAClearErrorAndIsNotCreated) {
  TempDir dir;
  const auto db = dir.path() / "data" / "intake.db";
  const auto config = config_for(dir, db).string();
  for (const char* command : {"messages", "runs"}) {
    auto result = run_intake({command, "--config", config});
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_EQ(result.output,
              "error: no store at " + db.string() +
                  " (has intake run with this config? a relative storage.path is taken from the "
                  "current directory)\n");
  }
  auto one = run_intake({"message", "--config", config, "some-id"});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_TRUE(contains(one.output, "no store at")) << one.output;
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_FALSE(std::filesystem::exists(db.parent_path()));
}

TEST(InspectCliErrors, AFileThatIsNotAnIntakeStoreIsRefused) {
  TempDir dir;
  const auto db = dir.path() / "notes.txt";
  std::ofstream(db) << "not a database, just some text that is long enough to have a header....\n"
                       "................................................................\n";
  auto text = run_intake({"runs", "--config", config_for(dir, db).string()});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_TRUE(contains(text.output, "cannot read '" + db.string() + "' as an intake store"))
      << text.output;

  // An SQLite database without intake's schema (an empty file is one).
  const auto empty = dir.path() / "empty.db";
  std::ofstream(empty).flush();
  auto other = run_intake({"messages", "--config", config_for(dir, empty).string()});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_TRUE(contains(other.output, "is not an intake store")) << other.output;
}

TEST(InspectCliErrors, UsageErrorsExitTwo) {
  const auto& s = SeededStore::get();
  const std::string config = s.config.string();
  auto status = run_intake({"runs", "--config", config, "--status", "done"});
  EXPECT_EQ(status.exit_code, 2);
  EXPECT_TRUE(contains(status.output,
                       "unknown run state 'done': use queued, running, succeeded, failed, dead or "
                       "cancelled"))
      << status.output;
  EXPECT_EQ(run_intake({"runs", "--config", config, "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(run_intake({"messages", "--config", config, "--limit", "many"}).exit_code, 2);
  EXPECT_EQ(run_intake({"message", "--config", config}).exit_code, 2);  // no id
  EXPECT_EQ(run_intake({"run", "--config", config}).exit_code, 2);
  EXPECT_EQ(
      run_intake({"message", "--config", config, s.form_id, "--json", "--body-only"}).exit_code, 2);
  EXPECT_EQ(run_intake({"messages", "--config", config, "--bogus"}).exit_code, 2);
  // A config that cannot be read is a usage error too, as for `intake match`.
  auto config_error = run_intake({"runs", "--config", "/nonexistent/intake.yaml"});
  EXPECT_EQ(config_error.exit_code, 2);
  EXPECT_TRUE(contains(config_error.output, "/nonexistent/intake.yaml")) << config_error.output;
}

TEST(InspectCliErrors, SecretsAreNotNeededToReadTheStore) {
  const auto& s = SeededStore::get();
  TempDir dir;
  const auto path = dir.path() / "intake.yaml";
  std::ofstream(path) << "storage: { path: \"" << s.db.string() << "\" }\n"
                      << "inboxes:\n  commcare: { auth: [ { type: bearer, token: "
                         "\"${SURELY_UNSET_INTAKE_TOKEN}\" } ] }\n";
  auto result = run_intake({"messages", "--config", path.string(), "--inbox", "commcare"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "SURELY_UNSET_INTAKE_TOKEN is not set")) << result.output;
  EXPECT_TRUE(contains(result.output, s.form_id)) << result.output;
}

TEST(InspectCliErrors, EachCommandHasHelp) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"messages", {"--inbox", "--limit", "--json", "read-only"}},
      {"message", {"--body-only", "--view", "--json", "id"}},
      {"runs", {"--status", "--job", "--message", "--limit", "--json"}},
      {"run", {"--json", "id"}}};
  for (const auto& [command, words] : expected) {
    auto help = run_intake({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    for (const auto& word : words)
      EXPECT_TRUE(contains(help.output, word)) << command << ": " << word;
  }
  auto top = run_intake({"--help"});
  for (const char* command : {"messages", "message", "runs", "run"}) {
    EXPECT_TRUE(contains(top.output, std::string("  ") + command + " ")) << top.output;
  }
}

}  // namespace
}  // namespace intake::test
