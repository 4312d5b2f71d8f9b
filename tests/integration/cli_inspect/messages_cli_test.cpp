// `intake messages` and `intake message ID` on a store with every kind of message and run.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "seeded_store.hpp"
#include "support/intake_process.hpp"

namespace intake::test {
namespace {

TEST(MessagesCli, ListsNewestFirstWithTypeSizeTriggersAndRunSummary) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"messages"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto lines = lines_of(result.output);
  ASSERT_EQ(lines.size(), 5u) << result.output;  // header + 4 messages
  EXPECT_EQ(lines[0].rfind("ID ", 0), 0u) << lines[0];
  EXPECT_TRUE(contains(lines[0], "RECEIVED") && contains(lines[0], "TRIGGERS")) << lines[0];
  EXPECT_EQ(lines[1].rfind(s.queued_id, 0), 0u);
  EXPECT_EQ(lines[2].rfind(s.binary_id, 0), 0u);
  EXPECT_EQ(lines[3].rfind(s.case_id, 0), 0u);
  EXPECT_EQ(lines[4].rfind(s.form_id, 0), 0u);

  const std::string& form = lines[4];
  EXPECT_TRUE(contains(form, "2024-05-01T10:20:30Z")) << form;
  EXPECT_TRUE(contains(form, "commcare")) << form;
  EXPECT_TRUE(contains(form, "text/xml")) << form;
  EXPECT_TRUE(contains(form, "1.2 KiB")) << form;
  EXPECT_TRUE(contains(form, "registrations")) << form;
  EXPECT_TRUE(contains(form, "3 runs: 1 queued, 1 succeeded, 1 failed")) << form;
  // Parameters of the content type are left out of the listing.
  EXPECT_TRUE(contains(lines[3], "application/json ")) << lines[3];
  EXPECT_FALSE(contains(lines[3], "charset")) << lines[3];
  EXPECT_TRUE(contains(lines[3], "1 run: dead")) << lines[3];
  EXPECT_TRUE(contains(lines[2], "no runs")) << lines[2];
  EXPECT_TRUE(contains(lines[2], "13 B")) << lines[2];
  EXPECT_TRUE(contains(lines[1], "2 runs: 1 queued, 1 cancelled")) << lines[1];
}

TEST(MessagesCli, InboxFilterAndLimit) {
  const auto& s = SeededStore::get();
  const auto other = intake_on_seeded({"messages", "--inbox", "other"});
  ASSERT_EQ(other.exit_code, 0) << other.output;
  auto lines = lines_of(other.output);
  ASSERT_EQ(lines.size(), 3u) << other.output;
  EXPECT_EQ(lines[1].rfind(s.queued_id, 0), 0u);
  EXPECT_EQ(lines[2].rfind(s.binary_id, 0), 0u);

  const auto newest = intake_on_seeded({"messages", "--limit", "1"});
  ASSERT_EQ(newest.exit_code, 0) << newest.output;
  lines = lines_of(newest.output);
  ASSERT_EQ(lines.size(), 3u) << newest.output;
  EXPECT_EQ(lines[1].rfind(s.queued_id, 0), 0u);
  EXPECT_EQ(lines[2], "(the newest 1; --limit N shows more)");

  const auto none = intake_on_seeded({"messages", "--inbox", "nobody"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_TRUE(contains(none.output, "no inbox named 'nobody'")) << none.output;
  EXPECT_TRUE(contains(none.output, "no messages in inbox nobody")) << none.output;
}

TEST(MessagesCli, JsonListHasTheSameInformation) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"messages", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto out = nlohmann::json::parse(result.output);
  EXPECT_EQ(out["limit"], 50);
  ASSERT_EQ(out["messages"].size(), 4u);
  const auto& form = out["messages"][3];
  EXPECT_EQ(form["id"], s.form_id);
  EXPECT_EQ(form["inbox"], "commcare");
  EXPECT_EQ(form["received_at"], "2024-05-01T10:20:30.123Z");
  EXPECT_EQ(form["content_type"], "text/xml");
  EXPECT_EQ(form["size"], s.form_body.size());
  EXPECT_EQ(form["path_suffix"], "forms");
  EXPECT_EQ(form["query"], "app_id=abc");
  EXPECT_EQ(form["remote_addr"], "10.0.0.7");
  EXPECT_EQ(form["matched_triggers"], nlohmann::json::array({"registrations"}));
  EXPECT_EQ(form["runs"]["total"], 3);
  EXPECT_EQ(form["runs"]["queued"], 1);
  EXPECT_EQ(form["runs"]["succeeded"], 1);
  EXPECT_EQ(form["runs"]["failed"], 1);
  EXPECT_EQ(form["runs"]["dead"], 0);
  EXPECT_FALSE(form.contains("body"));  // the listing stays small
  EXPECT_EQ(out["messages"][1]["dedupe_key"], nullptr);
  EXPECT_EQ(out["messages"][3]["dedupe_key"],
            "sha256:513e9bcd79dac80da0b796d4c2e6420044a9c67140894633d5477b7ba7267138");
}

TEST(MessageCli, XmlFormShowsRequestHeadersQueryRawBodyAndRunsInOrder) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"message", s.form_id});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string& out = result.output;
  EXPECT_EQ(out.rfind("message ", 0), 0u) << out;
  EXPECT_TRUE(contains(out, "received      2024-05-01T10:20:30.123Z")) << out;
  EXPECT_TRUE(contains(out, "request       POST /inbox/commcare/forms?app_id=abc")) << out;
  EXPECT_TRUE(contains(out, "from          10.0.0.7")) << out;
  EXPECT_TRUE(contains(out, "triggers      registrations")) << out;
  EXPECT_TRUE(contains(out, "dedupe key    sha256:513e9bcd")) << out;
  EXPECT_TRUE(
      contains(out, "headers\n  content-type: text/xml\n  received-on: 2024-05-01T10:20:30Z\n"))
      << out;
  EXPECT_TRUE(contains(out, "query\n  app_id = abc\n")) << out;
  // XML is shown as received, and the JSON view is one flag away.
  EXPECT_TRUE(contains(
      out, "body (" + std::to_string(s.form_body.size()) + " bytes, as received)\n" + s.form_body))
      << out;
  EXPECT_TRUE(contains(out, s.form_id + " --view")) << out;

  EXPECT_TRUE(contains(out, "runs: 1 queued, 1 succeeded, 1 failed")) << out;
  const auto log = out.find("  " + s.log_run);
  const auto forward = out.find("  " + s.forward_run);
  const auto flow = out.find("  " + s.flow_run);
  ASSERT_NE(log, std::string::npos) << out;
  ASSERT_NE(forward, std::string::npos) << out;
  ASSERT_NE(flow, std::string::npos) << out;
  EXPECT_LT(log, forward);  // oldest first: the chain in the order it ran
  EXPECT_LT(forward, flow);
  const std::string forward_line = out.substr(forward, out.find('\n', forward) - forward);
  EXPECT_TRUE(contains(forward_line, "failed")) << forward_line;
  // The last error on one line: its first line, marked as cut.
  EXPECT_TRUE(contains(forward_line, "POST http://127.0.0.1:9/hook: HTTP 503…")) << forward_line;
  EXPECT_FALSE(contains(out, "Retry-After: 3600")) << out;
  const std::string flow_line = out.substr(flow, out.find('\n', flow) - flow);
  EXPECT_TRUE(contains(flow_line, "notify") && contains(flow_line, "flow")) << flow_line;
}

TEST(MessageCli, JsonBodyIsPrettyPrintedInItsOwnKeyOrder) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"message", s.case_id});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto pretty =
      nlohmann::ordered_json::parse(s.case_body).dump(2);  // the fixture's key order, indented
  EXPECT_TRUE(contains(result.output, "JSON, pretty-printed)\n" + pretty + "\n")) << result.output;
  EXPECT_TRUE(contains(result.output, "content type  application/json; charset=utf-8"));
  EXPECT_TRUE(contains(result.output, "runs: 1 dead")) << result.output;
}

TEST(MessageCli, JsonDocumentHasBodyViewHeadersAndRuns) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"message", s.form_id, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto out = nlohmann::json::parse(result.output);
  EXPECT_EQ(out["id"], s.form_id);
  EXPECT_EQ(out["body_encoding"], "utf-8");
  EXPECT_EQ(out["body"], s.form_body);
  EXPECT_EQ(out["view"], nlohmann::json::parse(s.form_view));
  EXPECT_EQ(out["query_params"], nlohmann::json({{"app_id", "abc"}}));
  ASSERT_EQ(out["headers"].size(), 2u);
  EXPECT_EQ(out["headers"][1],
            nlohmann::json({{"name", "received-on"}, {"value", "2024-05-01T10:20:30Z"}}));
  ASSERT_EQ(out["runs"].size(), 3u);
  EXPECT_EQ(out["runs"][0]["id"], s.log_run);
  EXPECT_EQ(out["runs"][0]["state"], "succeeded");
  EXPECT_EQ(out["runs"][1]["state"], "failed");
  EXPECT_EQ(out["runs"][1]["last_error"],
            "POST http://127.0.0.1:9/hook: HTTP 503\nRetry-After: 3600");
  EXPECT_EQ(out["runs"][2]["kind"], "flow");
  EXPECT_EQ(out["runs"][2]["parent_run_id"], s.log_run);
}

TEST(MessageCli, BodyThatIsNotUtf8IsBase64InJsonAndExactWithBodyOnly) {
  const auto& s = SeededStore::get();
  const auto text = intake_on_seeded({"message", s.binary_id});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_TRUE(contains(text.output, "not UTF-8 text")) << text.output;
  EXPECT_FALSE(contains(text.output, "hello")) << text.output;
  EXPECT_TRUE(contains(text.output, "triggers      (none matched)")) << text.output;
  EXPECT_TRUE(contains(text.output, "runs: none")) << text.output;

  const auto json = intake_on_seeded({"message", s.binary_id, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto out = nlohmann::json::parse(json.output);
  EXPECT_EQ(out["body_encoding"], "base64");
  EXPECT_EQ(out["body"], "aGVsbG///iB3b3JsZA==");  // base64 of "hello\xff\xfe world"
  EXPECT_EQ(out["size"], 13);

  const auto raw = intake_on_seeded({"message", s.binary_id, "--body-only"});
  EXPECT_EQ(raw.exit_code, 0);
  EXPECT_EQ(raw.output, s.binary_body);
}

TEST(MessageCli, ViewPrintsWhatTheFiltersMatch) {
  const auto& s = SeededStore::get();
  const auto result = intake_on_seeded({"message", s.form_id, "--view"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(nlohmann::json::parse(result.output), nlohmann::json::parse(s.form_view));
  EXPECT_TRUE(contains(result.output, "\n  \"form\": {")) << "pretty-printed: " << result.output;
}

// A 400 names a quarantine_id: `intake message` shows that entry, its error and its body.
TEST(MessageCli, AQuarantineIdShowsTheRefusedBodyAndWhy) {
  const auto& s = SeededStore::get();
  const auto text = intake_on_seeded({"message", s.quarantine_id});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_TRUE(contains(text.output, "quarantined body " + s.quarantine_id)) << text.output;
  EXPECT_TRUE(contains(text.output, "malformed JSON: unexpected end of input")) << text.output;
  EXPECT_TRUE(contains(text.output, "inbox         commcare")) << text.output;
  EXPECT_TRUE(contains(text.output, s.quarantined_body)) << text.output;

  const auto json = intake_on_seeded({"message", "--json", s.quarantine_id});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto parsed = nlohmann::json::parse(json.output);
  EXPECT_EQ(parsed["quarantined"], true);
  EXPECT_EQ(parsed["body"], s.quarantined_body);
  EXPECT_EQ(parsed["remote_addr"], "10.0.0.9");

  const auto raw = intake_on_seeded({"message", "--body-only", s.quarantine_id});
  EXPECT_EQ(raw.output, s.quarantined_body);
}

}  // namespace
}  // namespace intake::test
