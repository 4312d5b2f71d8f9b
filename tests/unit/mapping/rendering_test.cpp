// Type rules: a lone placeholder keeps its JSON type; inside text every value renders as text.
#include <gtest/gtest.h>

#include "mapping_test_support.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;
using test::render;
using test::state_with;

const json kState = state_with(json::parse(R"({
  "id": "f1", "count": 3, "ratio": 1.5, "ok": true, "nothing": null,
  "meta": {"userID": "u1", "username": "sample.user"},
  "tags": ["a", "b"], "received_on": "2020-12-17T12:57:51Z"})"));

TEST(MappingLonePlaceholder, KeepsTheTypeOfEveryKind) {
  EXPECT_EQ(render("{{ /data/id }}", kState), json("f1"));
  EXPECT_EQ(render("{{ /data/count }}", kState), json(3));
  EXPECT_EQ(render("{{ /data/ratio }}", kState), json(1.5));
  EXPECT_EQ(render("{{ /data/ok }}", kState), json(true));
  EXPECT_EQ(render("{{ /data/nothing }}", kState), json(nullptr));
  EXPECT_EQ(render("{{ /data/meta }}", kState), kState["data"]["meta"]);
  EXPECT_EQ(render("{{ /data/tags }}", kState), json({"a", "b"}));
}

TEST(MappingLonePlaceholder, SpacesInsideTheBracesAreOptional) {
  EXPECT_EQ(render("{{/data/count}}", kState), json(3));
  EXPECT_EQ(render("{{   /data/count\t}}", kState), json(3));
}

TEST(MappingLonePlaceholder, ReachesRequestAndWholeData) {
  EXPECT_EQ(render("{{ /request/query/app_id }}", kState), json("abc"));
  EXPECT_EQ(render("{{ /data }}", kState), kState["data"]);
  EXPECT_EQ(render("{{ /references }}", kState), json::array());
}

TEST(MappingTextPlaceholder, RendersEachTypeAsText) {
  EXPECT_EQ(render("id={{ /data/id }}", kState), json("id=f1"));  // strings without quotes
  EXPECT_EQ(render("n={{ /data/count }}", kState), json("n=3"));
  EXPECT_EQ(render("r={{ /data/ratio }}", kState), json("r=1.5"));
  EXPECT_EQ(render("ok={{ /data/ok }}", kState), json("ok=true"));
  EXPECT_EQ(render("x={{ /data/nothing }}", kState), json("x=null"));
  EXPECT_EQ(render("m={{ /data/meta }}", kState),
            json(R"(m={"userID":"u1","username":"sample.user"})"));
  EXPECT_EQ(render("t={{ /data/tags }}", kState), json(R"(t=["a","b"])"));
}

TEST(MappingTextPlaceholder, SurroundingSpaceMakesItText) {
  EXPECT_EQ(render(" {{ /data/count }}", kState), json(" 3"));
  EXPECT_EQ(render("{{ /data/count }} ", kState), json("3 "));
}

TEST(MappingTextPlaceholder, SeveralInOneString) {
  EXPECT_EQ(render("Visit by {{ /data/meta/username }} on {{ /data/received_on }}", kState),
            json("Visit by sample.user on 2020-12-17T12:57:51Z"));
  EXPECT_EQ(render("{{ /data/id }}{{ /data/count }}", kState), json("f13"));
}

TEST(MappingStructure, ArraysAndObjectsAreTemplatedRecursivelyKeysStayLiteral) {
  const json source = json::parse(R"({
    "owner": "{{ /data/meta/userID }}",
    "list": ["{{ /data/count }}", {"deep": ["x-{{ /data/id }}"]}, 7, null, false],
    "/data/id": "key is literal"})");
  EXPECT_EQ(render(source, kState), json::parse(R"({
    "owner": "u1",
    "list": [3, {"deep": ["x-f1"]}, 7, null, false],
    "/data/id": "key is literal"})"));
}

TEST(MappingStructure, NonStringScalarsPassThrough) {
  EXPECT_EQ(render(json::parse(R"({"a": 1, "b": 2.5, "c": true, "d": null})"), kState),
            json::parse(R"({"a": 1, "b": 2.5, "c": true, "d": null})"));
}

TEST(MappingConstant, SourceWithoutPlaceholdersIsConstant) {
  EXPECT_TRUE(
      Template::compile(json::parse(R"({"a": ["x", {"b": 1}], "c": "}} {"})")).is_constant());
  EXPECT_FALSE(
      Template::compile(json::parse(R"({"a": ["x", {"b": "{{ /data/id }}"}]})")).is_constant());
  EXPECT_TRUE(Template::compile(R"({{ "{{" }})").is_constant());
}

TEST(MappingImmutability, RenderDoesNotChangeTheTemplate) {
  const json source = json::parse(R"({"fixed": {"a": [1, 2]}, "id": "{{ /data/id }}"})");
  const Template compiled = Template::compile(source);
  json first = compiled.render(kState);
  first["fixed"]["a"].push_back(3);  // the caller owns what render() returned
  first["id"] = "changed";
  EXPECT_EQ(compiled.render(kState), json::parse(R"({"fixed": {"a": [1, 2]}, "id": "f1"})"));

  const Template constant = Template::compile(json::parse(R"({"a": [1]})"));
  constant.render(kState)["a"].push_back(2);
  EXPECT_EQ(constant.render(kState), json::parse(R"({"a": [1]})"));
}

TEST(MappingImmutability, RenderDoesNotChangeTheState) {
  const json before = kState;
  const Template compiled = Template::compile(json::parse(R"({"m": "{{ /data/meta }}"})"));
  json out = compiled.render(kState);
  out["m"]["userID"] = "other";
  EXPECT_EQ(kState, before);
}

TEST(MappingImmutability, CompiledTemplateIndependentOfItsSource) {
  json source = json::parse(R"({"id": "{{ /data/id }}"})");
  const Template compiled = Template::compile(source);
  source["id"] = "{{ /data/count }}";
  EXPECT_EQ(compiled.render(kState), json::parse(R"({"id": "f1"})"));
}

TEST(MappingImmutability, CopiesRenderAlikeForDifferentStates) {
  const Template compiled = Template::compile("{{ /data/id }}");
  const Template copy = compiled;
  EXPECT_EQ(copy.render(state_with({{"id", "one"}})), json("one"));
  EXPECT_EQ(compiled.render(state_with({{"id", "two"}})), json("two"));
}

}  // namespace
}  // namespace intake::mapping
