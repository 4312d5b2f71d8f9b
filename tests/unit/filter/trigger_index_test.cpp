// TriggerIndex: config order, inboxes, disabled triggers, anchors and their edge cases.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "intake/filter/trigger_index.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

Trigger make_trigger(std::string name, const char* criteria,
                     std::vector<const char*> exclusions = {}) {
  Trigger trigger{
      std::move(name), std::nullopt, CompiledFragment::compile(json::parse(criteria)), {}, true};
  for (const char* exclusion : exclusions) {
    trigger.exclusions.push_back(CompiledFragment::compile(json::parse(exclusion)));
  }
  return trigger;
}

std::vector<std::size_t> match(const std::vector<Trigger>& triggers, const char* doc,
                               std::string_view inbox = "commcare") {
  return TriggerIndex(triggers).match(inbox, json::parse(doc));
}

using Indices = std::vector<std::size_t>;

TEST(TriggerIndex, ConfigOrderAcrossAnchoredAndUnanchored) {
  const std::vector<Trigger> triggers{
      make_trigger("t0", R"({"form":{"@xmlns":"X"}})"),
      make_trigger("t1", R"({})"),
      make_trigger("t2", R"({"form":{"@name":"Reg"}})"),
      make_trigger("t3", R"({"form":{"@xmlns":"Y"}})"),
      make_trigger("t4", R"({"form":{"tags":["a"]}})"),
  };
  EXPECT_EQ(match(triggers, R"({"form":{"@xmlns":"X","@name":"Reg","tags":["a","b"]}})"),
            (Indices{0, 1, 2, 4}));
  EXPECT_EQ(match(triggers, R"([1])"), Indices{});
  EXPECT_EQ(match(triggers, R"({"form":"X"})"), (Indices{1}));
}
TEST(TriggerIndex, InboxAndEnabled) {
  std::vector<Trigger> triggers{make_trigger("a", R"({"k":1})"), make_trigger("b", R"({"k":1})"),
                                make_trigger("c", R"({"k":1})")};
  triggers[0].inbox = "other";
  triggers[1].enabled = false;
  EXPECT_EQ(match(triggers, R"({"k":1})"), (Indices{2}));
  EXPECT_EQ(match(triggers, R"({"k":1})", "other"), (Indices{0, 2}));
}
TEST(TriggerIndex, ExclusionsAnyOneExcludes) {
  const std::vector<Trigger> triggers{
      make_trigger("cases", R"({"properties":{"case_type":"patient"}})",
                   {R"({"properties":{"test_user":"Yes"}})", R"({"archived":true})"})};
  EXPECT_EQ(match(triggers, R"({"properties":{"case_type":"patient"}})"), (Indices{0}));
  EXPECT_EQ(match(triggers, R"({"properties":{"case_type":"patient","test_user":"Yes"}})"),
            Indices{});
  EXPECT_EQ(match(triggers, R"({"properties":{"case_type":"patient"},"archived":true})"),
            Indices{});
}
TEST(TriggerIndex, NumberAnchorsByValue) {
  const std::vector<Trigger> triggers{make_trigger("one", R"({"n":1})"),
                                      make_trigger("big", R"({"n":9007199254740993})"),
                                      make_trigger("half", R"({"n":0.5})")};
  EXPECT_EQ(match(triggers, R"({"n":1.0})"), (Indices{0}));
  EXPECT_EQ(match(triggers, R"({"n":1e0})"), (Indices{0}));
  EXPECT_EQ(match(triggers, R"({"n":9007199254740992})"), Indices{});
  EXPECT_EQ(match(triggers, R"({"n":9007199254740993})"), (Indices{1}));
  EXPECT_EQ(match(triggers, R"({"n":5e-1})"), (Indices{2}));
}
TEST(TriggerIndex, AnchorsOnNullAndBooleans) {
  const std::vector<Trigger> triggers{make_trigger("null", R"({"a":null})"),
                                      make_trigger("true", R"({"a":true})"),
                                      make_trigger("false", R"({"a":false})")};
  EXPECT_EQ(match(triggers, R"({"a":null})"), (Indices{0}));
  EXPECT_EQ(match(triggers, R"({"a":false})"), (Indices{2}));
  EXPECT_EQ(match(triggers, R"({"a":"true"})"), Indices{});
  EXPECT_EQ(match(triggers, R"({"a":[true]})"), Indices{});
}
TEST(TriggerIndex, NoAnchorUnderArraysOrOperators) {
  const std::vector<Trigger> triggers{
      make_trigger("array", R"({"kids":[{"n":"x"}]})"),
      make_trigger("op", R"({"n":{"$ne":"x"}})"),
      make_trigger("root-scalar", R"("x")"),
  };
  EXPECT_EQ(TriggerIndex(triggers).anchored_count(), 0u);
  EXPECT_EQ(match(triggers, R"({"kids":[{"n":"x"}]})"), (Indices{0, 1}));
  EXPECT_EQ(match(triggers, R"(["x"])"), (Indices{2}));
}
TEST(TriggerIndex, MostSelectiveAnchorIsChosen) {
  // All three share /form/@name; each also has its own /form/meta/username value.
  const std::vector<Trigger> triggers{
      make_trigger("a", R"({"form":{"@name":"V","meta":{"username":"a"}}})"),
      make_trigger("b", R"({"form":{"@name":"V","meta":{"username":"b"}}})"),
      make_trigger("c", R"({"form":{"@name":"V","meta":{"username":"c"}}})"),
  };
  const TriggerIndex index(triggers);
  EXPECT_EQ(index.anchored_count(), 3u);
  EXPECT_EQ(index.match("", json::parse(R"({"form":{"@name":"V","meta":{"username":"b"}}})")),
            (Indices{1}));
}
TEST(TriggerIndex, DollarEscapedAnchorUsesLiteralKey) {
  const std::vector<Trigger> triggers{make_trigger("t", R"({"$$type":"x"})")};
  EXPECT_EQ(match(triggers, R"({"$type":"x"})"), (Indices{0}));
}
TEST(TriggerIndex, EmptyAndMovedIndex) {
  TriggerIndex empty;
  EXPECT_TRUE(empty.match("", json::object()).empty());
  TriggerIndex index({make_trigger("t", R"({"a":1})")});
  TriggerIndex moved = std::move(index);
  EXPECT_EQ(moved.match("", json::parse(R"({"a":1})")), (Indices{0}));
}
TEST(TriggerIndex, ManyTriggersOnOnePath) {
  std::vector<Trigger> triggers;
  for (int i = 0; i < 2000; ++i) {
    triggers.push_back(
        make_trigger("t" + std::to_string(i),
                     ("{\"form\":{\"@xmlns\":\"x" + std::to_string(i % 500) + "\"}}").c_str()));
  }
  const auto matched = match(triggers, R"({"form":{"@xmlns":"x7"}})");
  EXPECT_EQ(matched, (Indices{7, 507, 1007, 1507}));
}

}  // namespace
}  // namespace intake::filter
