// each: one item per element; CommCare's single-entry repeat group (an object) is one item; a
// missing or null list needs an explicit default.
#include <gtest/gtest.h>

#include "mapping_test_support.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;
using test::render_error;
using test::state_with;

const json kItem = json::parse(R"({"name": "{{ /item/name }}", "position": "{{ /index }}",
                                   "mother": "{{ /data/form/mother }}",
                                   "label": "{{ /index }}: {{ /item/name }}"})");

std::vector<json> render_each(const std::string& each, const json& data, const json& item = kItem) {
  return EachTemplate::compile(each, item).render(state_with(data));
}

TEST(MappingEach, OneItemPerArrayElementWithIndexAndState) {
  const auto items = render_each("/data/form/child", json::parse(R"({"form": {"mother": "m1",
      "child": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}})"));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0],
            json::parse(R"({"name": "a", "position": 0, "mother": "m1", "label": "0: a"})"));
  EXPECT_EQ(items[2],
            json::parse(R"({"name": "c", "position": 2, "mother": "m1", "label": "2: c"})"));
}

TEST(MappingEach, SingleObjectIsOneItem) {
  const auto items = render_each(
      "/data/form/child", json::parse(R"({"form": {"mother": "m1", "child": {"name": "a"}}})"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0],
            json::parse(R"({"name": "a", "position": 0, "mother": "m1", "label": "0: a"})"));
}

TEST(MappingEach, ScalarElementsAreReachableAsItem) {
  const auto items = render_each("/data/tags", json::parse(R"({"tags": ["x", 2]})"),
                                 json::parse(R"({"tag": "{{ /item }}"})"));
  EXPECT_EQ(items, (std::vector<json>{{{"tag", "x"}}, {{"tag", 2}}}));
}

TEST(MappingEach, EmptyArrayIsNoItems) {
  EXPECT_TRUE(render_each("/data/form/child", json::parse(R"({"form": {"child": []}})")).empty());
}

TEST(MappingEach, MissingListIsAnErrorNamingThePath) {
  const EachTemplate compiled = EachTemplate::compile("/data/form/child", kItem, "/each");
  const MappingError error =
      render_error([&] { compiled.render(state_with(json::parse(R"({"form": {}})"))); });
  EXPECT_EQ(error.kind(), MappingError::Kind::missing);
  EXPECT_EQ(error.where(), "/each");
  EXPECT_EQ(error.path(), "/data/form/child");
  EXPECT_NE(std::string(error.what()).find("/data/form has no \"child\""), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("'/data/form/child | default: []'"), std::string::npos);
}

TEST(MappingEach, MissingOrNullListWithDefaultIsNoItems) {
  EXPECT_TRUE(
      render_each("/data/form/child | default: []", json::parse(R"({"form": {}})")).empty());
  EXPECT_TRUE(
      render_each("/data/form/child | default: []", json::parse(R"({"form": {"child": null}})"))
          .empty());
}

TEST(MappingEach, DefaultElementsAreItems) {
  const auto items = render_each(R"(/data/form/child | default: [{"name": "none"}])",
                                 json::parse(R"({"form": {"mother": "m"}})"));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["name"], "none");
}

TEST(MappingEach, NullWithoutDefaultIsAnError) {
  const MappingError error = render_error(
      [&] { render_each("/data/form/child", json::parse(R"({"form": {"child": null}})")); });
  EXPECT_EQ(error.kind(), MappingError::Kind::not_a_list);
  EXPECT_NE(std::string(error.what()).find("is null, not a list"), std::string::npos);
}

TEST(MappingEach, ScalarIsNotAList) {
  const MappingError error = render_error([&] {
    render_each("/data/form/child | default: []", json::parse(R"({"form": {"child": "a"}})"));
  });
  EXPECT_EQ(error.kind(), MappingError::Kind::not_a_list);
  EXPECT_EQ(std::string(error.what()),
            "/each: /data/form/child is a string, not a list (each needs an array, or an object "
            "for a repeat group with one entry)");
}

TEST(MappingEach, ErrorInsideAnItemNamesTheItemAndPlace) {
  const EachTemplate compiled = EachTemplate::compile(
      "/data/kids", json::parse(R"({"body": {"name": "{{ /item/name }}"}})"), "/each", "");
  const MappingError error = render_error([&] {
    compiled.render(state_with(json::parse(R"({"kids": [{"name": "a"}, {"age": 3}]})")));
  });
  EXPECT_EQ(error.where(), "/body/name");
  EXPECT_EQ(error.path(), "/item/name");
  EXPECT_EQ(std::string(error.what())
                .find("/body/name: each item 1: /item/name is missing (/item "
                      "has no \"name\")"),
            0u);
}

TEST(MappingEach, WithoutEachRendersExactlyOnce) {
  const EachTemplate compiled =
      EachTemplate::compile(std::nullopt, json::parse(R"({"id": "{{ /data/id }}"})"));
  EXPECT_FALSE(compiled.has_each());
  EXPECT_EQ(compiled.render(state_with({{"id", "f1"}})), (std::vector<json>{{{"id", "f1"}}}));
}

TEST(MappingEach, ItemAndIndexNeedEach) {
  try {
    EachTemplate::compile(std::nullopt, json::parse(R"({"n": "{{ /item/name }}"})"));
    FAIL() << "compiled";
  } catch (const TemplateError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].where, "/n");
  }
}

TEST(MappingEach, CompileProblemsOfEachAndItemTogether) {
  try {
    EachTemplate::compile("data/form/child", json::parse(R"({"n": "{{ /index/x }}"})"), "/each",
                          "/body");
    FAIL() << "compiled";
  } catch (const TemplateError& e) {
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].where, "/each");
    EXPECT_EQ(e.problems()[0].message,
              "'data/form/child' is not a JSON pointer: it must start with '/' (write "
              "/data/form/child)");
    EXPECT_EQ(e.problems()[1].where, "/body/n");
    EXPECT_NE(e.problems()[1].message.find("/index is a number"), std::string::npos);
  }
}

TEST(MappingEach, ExpressionErrors) {
  auto each_problem = [](const std::string& each) {
    try {
      EachTemplate::compile(each, json::object());
    } catch (const TemplateError& e) {
      return e.problems().at(0).message;
    }
    return std::string("compiled");
  };
  EXPECT_EQ(each_problem("{{ /data/form/child }}"),
            "each takes a bare pointer without braces: write /data/form/child, not "
            "{{ /data/form/child }}");
  EXPECT_EQ(each_problem("/data/form/child | default: 0"),
            "each's default must be an array (usually []), not 0");
  EXPECT_EQ(each_problem(""), "a JSON pointer is needed here, such as /data/id");
  EXPECT_NE(each_problem("/item/x").find("/item exists only in the item"), std::string::npos);
  EXPECT_NE(each_problem("/data/a b").find("unexpected 'b' after the pointer"), std::string::npos);
}

}  // namespace
}  // namespace intake::mapping
