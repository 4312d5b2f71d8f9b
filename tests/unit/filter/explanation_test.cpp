// explain(): matched, or the first reason with path, expected and found.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "intake/filter/explanation.hpp"
#include "intake/filter/trigger_index.hpp"
#include "support/fixtures.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

Mismatch mismatch_of(const std::string& doc, const std::string& fragment) {
  const auto explanation =
      explain(CompiledFragment::compile(json::parse(fragment)), json::parse(doc));
  EXPECT_FALSE(explanation.matched);
  return explanation.mismatch.value_or(Mismatch{"?", "?", "?"});
}

TEST(Explain, MatchedHasNoMismatch) {
  const auto explanation = explain(CompiledFragment::compile(json::parse(R"({"a":1})")),
                                   json::parse(R"({"a":1,"b":2})"));
  EXPECT_TRUE(explanation.matched);
  EXPECT_FALSE(explanation.mismatch.has_value());
}
TEST(Explain, WrongScalar) {
  const auto m =
      mismatch_of(R"({"form":{"@xmlns":"http://x/Y"}})", R"({"form":{"@xmlns":"http://x/X"}})");
  EXPECT_EQ(m.path, "/form/@xmlns");
  EXPECT_EQ(m.expected, R"("http://x/X")");
  EXPECT_EQ(m.found, R"("http://x/Y")");
  EXPECT_EQ(m.to_string(), R"(/form/@xmlns: expected "http://x/X", found "http://x/Y")");
}
TEST(Explain, MissingKey) {
  const auto m = mismatch_of(R"({"form":{}})", R"({"form":{"missing":null}})");
  EXPECT_EQ(m.path, "/form/missing");
  EXPECT_EQ(m.expected, "null");
  EXPECT_EQ(m.found, "missing");
}
TEST(Explain, TypeMismatchShowsBothRenderings) {
  const auto m = mismatch_of(R"({"form":{"age":"8"}})", R"({"form":{"age":8}})");
  EXPECT_EQ(m.path, "/form/age");
  EXPECT_EQ(m.expected, "8");
  EXPECT_EQ(m.found, R"("8")");
}
TEST(Explain, FirstFailingKeyInFragmentOrder) {
  const auto m = mismatch_of(R"({"a":1,"b":2})", R"({"a":0,"b":0})");
  EXPECT_EQ(m.path, "/a");
}
TEST(Explain, ArrayWithoutMatchingElement) {
  const auto m = mismatch_of(R"({"tags":["a","b"]})", R"({"tags":["a","c"]})");
  EXPECT_EQ(m.path, "/tags");
  EXPECT_EQ(m.expected, R"(an element matching "c")");
  EXPECT_EQ(m.found, R"(["a","b"])");
}
TEST(Explain, ScalarAgainstArrayBelowRoot) {
  const auto m = mismatch_of(R"({"tags":["a"]})", R"({"tags":"a"})");
  EXPECT_EQ(m.path, "/tags");
  EXPECT_EQ(m.expected, R"("a")");
  EXPECT_EQ(m.found, R"(["a"])");
}
TEST(Explain, ContainerKindMismatch) {
  const auto m = mismatch_of(R"({"a":[]})", R"({"a":{"b":1}})");
  EXPECT_EQ(m.path, "/a");
  EXPECT_EQ(m.expected, R"(an object containing {"b":1})");
}
TEST(Explain, Operators) {
  auto m = mismatch_of(R"({"d":"2023-01-01"})", R"({"d":{"$gte":"2024-01-01"}})");
  EXPECT_EQ(m.path, "/d");
  EXPECT_EQ(m.expected, R"($gte "2024-01-01")");
  EXPECT_EQ(m.found, R"("2023-01-01")");
  m = mismatch_of(R"({})", R"({"d":{"$exists":true}})");
  EXPECT_EQ(m.expected, "$exists true");
  EXPECT_EQ(m.found, "missing");
}
TEST(Explain, DoubleDollarPathIsTheLiteralKey) {
  const auto m = mismatch_of(R"({"$t":1})", R"({"$$t":2})");
  EXPECT_EQ(m.path, "/$t");
}
TEST(Explain, PathEscapesAndRoot) {
  auto m = mismatch_of(R"({"a/b":1})", R"({"a/b":2})");
  EXPECT_EQ(m.path, "/a~1b");
  m = mismatch_of(R"([1,2])", R"(3)");
  EXPECT_EQ(m.path, "");
  EXPECT_EQ(m.expected, "an element equal to 3");
  EXPECT_EQ(m.to_string().rfind("(root)", 0), 0u);
}
TEST(Explain, LongValuesAreCut) {
  const auto m = mismatch_of(R"({"a":")" + std::string(500, 'x') + R"("})", R"({"a":"y"})");
  EXPECT_LT(m.found.size(), 100u);
  EXPECT_NE(m.found.find("…"), std::string::npos);
}
TEST(Explain, ToJson) {
  const auto m = mismatch_of(R"({})", R"({"a":1})");
  EXPECT_EQ(m.to_json(), json::parse(R"({"path":"/a","expected":"1","found":"missing"})"));
}

TEST(ExplainAll, EveryTriggerInConfigOrder) {
  const json form = json::parse(test::read_file(
      test::fixtures_dir() / "openfn/commcare-form-log-visit-details.miraclefeet.json"));
  auto criteria = [](const char* text) { return CompiledFragment::compile(json::parse(text)); };
  std::vector<Trigger> triggers;
  triggers.push_back(
      {"visits", "commcare", criteria(R"({"form":{"@name":"Log Visit Details"}})"), {}, true});
  triggers.push_back({"registrations",
                      std::nullopt,
                      criteria(R"({"form":{"@name":"Patient Registration"}})"),
                      {},
                      true});
  triggers.push_back({"excluded",
                      std::nullopt,
                      criteria(R"({"form":{"@name":"Log Visit Details"}})"),
                      {criteria(R"({"nope":1})"), criteria(R"({"form":{}})")},
                      true});
  triggers.push_back({"off", std::nullopt, criteria("{}"), {}, false});
  triggers.push_back({"elsewhere", "other", criteria("{}"), {}, true});
  const TriggerIndex index(std::move(triggers));
  const auto verdicts = index.explain_all("commcare", form);
  ASSERT_EQ(verdicts.size(), 5u);
  EXPECT_EQ(verdicts[0].kind, VerdictKind::matched);
  EXPECT_EQ(verdicts[1].kind, VerdictKind::criteria_not_met);
  EXPECT_EQ(verdicts[1].mismatch->path, "/form/@name");
  EXPECT_EQ(verdicts[1].mismatch->found, R"("Log Visit Details")");
  EXPECT_EQ(verdicts[2].kind, VerdictKind::excluded);
  EXPECT_EQ(verdicts[2].exclusion, 1u);
  EXPECT_EQ(verdicts[3].kind, VerdictKind::disabled);
  EXPECT_EQ(verdicts[4].kind, VerdictKind::other_inbox);
  EXPECT_EQ(verdicts[0].to_string(), "visits: matched");
  EXPECT_EQ(
      verdicts[1].to_string(),
      R"(registrations: no match: /form/@name: expected "Patient Registration", found "Log Visit Details")");
  EXPECT_EQ(verdicts[1].to_json()["reason"]["path"], "/form/@name");
  EXPECT_EQ(verdicts[2].to_json()["result"], "excluded");
  EXPECT_EQ(index.match_names("commcare", form), std::vector<std::string>{"visits"});
}

}  // namespace
}  // namespace intake::filter
