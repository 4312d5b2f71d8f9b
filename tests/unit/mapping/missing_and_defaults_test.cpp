// A missing path fails the render with the path and the template's place named, unless the
// placeholder gives a default. Null is a value, never missing.
#include <gtest/gtest.h>

#include "mapping_test_support.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;
using test::render;
using test::render_error;
using test::state_with;

const json kState = state_with(json::parse(R"({
  "form": {"age": "8", "nothing": null, "child": {"name": "x"}, "kids": [{"n": "a"}, {"n": "b"}],
           "a/b": "slash", "m~n": "tilde", "": "empty key"}})"));

TEST(MappingDefaults, EachJsonLiteralTypeWhenMissing) {
  EXPECT_EQ(render("{{ /data/form/x | default: 0 }}", kState), json(0));
  EXPECT_EQ(render("{{ /data/form/x | default: -2.5 }}", kState), json(-2.5));
  EXPECT_EQ(render(R"({{ /data/form/x | default: "unknown" }})", kState), json("unknown"));
  EXPECT_EQ(render("{{ /data/form/x | default: true }}", kState), json(true));
  EXPECT_EQ(render("{{ /data/form/x | default: null }}", kState), json(nullptr));
  EXPECT_EQ(render("{{ /data/form/x | default: [] }}", kState), json::array());
  EXPECT_EQ(render(R"({{ /data/form/x | default: {"a":{"b":[1]}} }})", kState),
            json::parse(R"({"a":{"b":[1]}})"));
}

TEST(MappingDefaults, RenderedAsTextInsideText) {
  EXPECT_EQ(render(R"(age {{ /data/form/x | default: "unknown" }})", kState), json("age unknown"));
  EXPECT_EQ(render("age {{ /data/form/x | default: 0 }}", kState), json("age 0"));
  EXPECT_EQ(render("age {{ /data/form/x | default: null }}", kState), json("age null"));
}

TEST(MappingDefaults, PresentValueWinsAndNullIsPresent) {
  EXPECT_EQ(render("{{ /data/form/age | default: 0 }}", kState), json("8"));
  EXPECT_EQ(render("{{ /data/form/nothing | default: 0 }}", kState), json(nullptr));
}

TEST(MappingDefaults, LiteralMayContainClosingBraces) {
  EXPECT_EQ(render(R"({{ /data/form/x | default: "}}" }})", kState), json("}}"));
  EXPECT_EQ(render(R"({{ /data/form/x|default:{"k":"}}"}}})", kState),
            json::parse(R"({"k":"}}"})"));
}

TEST(MappingMissing, NamesThePathAndWhereTheTemplateIs) {
  const Template compiled =
      Template::compile(json::parse(R"({"body": {"case_name": "{{ /data/form/name }}"}})"));
  const MappingError error = render_error([&] { compiled.render(kState); });
  EXPECT_EQ(error.kind(), MappingError::Kind::missing);
  EXPECT_EQ(error.where(), "/body/case_name");
  EXPECT_EQ(error.path(), "/data/form/name");
  EXPECT_EQ(std::string(error.what()),
            "/body/case_name: /data/form/name is missing (/data/form has no \"name\"); add "
            "'| default: <JSON literal>' to {{ /data/form/name }} if it may be absent");
}

TEST(MappingMissing, InsideTextAndArraysToo) {
  const Template text = Template::compile(json::parse(R"({"note": ["ok", "by {{ /data/who }}"]})"));
  const MappingError error = render_error([&] { text.render(kState); });
  EXPECT_EQ(error.where(), "/note/1");
  EXPECT_EQ(error.path(), "/data/who");
}

TEST(MappingMissing, WhereIncludesTheCompileBase) {
  const Template compiled = Template::compile(json::parse(R"({"a": "{{ /data/x }}"})"), "/body");
  EXPECT_EQ(render_error([&] { compiled.render(kState); }).where(), "/body/a");
}

TEST(MappingMissing, ExplainsWhereTheWalkStopped) {
  auto message = [](const char* source) {
    return std::string(render_error([&] { render(source, kState); }).what());
  };
  EXPECT_NE(message("{{ /data/form/age/years }}")
                .find("/data/form/age is a string, not an object or array"),
            std::string::npos);
  EXPECT_NE(message("{{ /data/form/kids/5/n }}")
                .find("/data/form/kids is an array of 2, with no index 5"),
            std::string::npos);
  EXPECT_NE(message("{{ /data/form/kids/first }}").find("'first' is not an index"),
            std::string::npos);
  // CommCare's single-entry repeat group: an object where an array was expected.
  EXPECT_NE(message("{{ /data/form/child/0/name }}").find("use each"), std::string::npos);
  // "-" is RFC 6901's past-the-end element: never present.
  EXPECT_NE(message("{{ /data/form/kids/- }}").find("is not an index"), std::string::npos);
  // A leading zero is not an array index.
  EXPECT_NE(message("{{ /data/form/kids/01 }}").find("is not an index"), std::string::npos);
}

TEST(MappingPointers, ArrayIndexes) {
  EXPECT_EQ(render("{{ /data/form/kids/1/n }}", kState), json("b"));
  EXPECT_EQ(render("{{ /data/form/kids/0 }}", kState), json::parse(R"({"n":"a"})"));
}

TEST(MappingPointers, EscapedSlashTildeAndEmptyKey) {
  EXPECT_EQ(render("{{ /data/form/a~1b }}", kState), json("slash"));
  EXPECT_EQ(render("{{ /data/form/m~0n }}", kState), json("tilde"));
  EXPECT_EQ(render("{{ /data/form/ }}", kState), json("empty key"));
  // ~01 is "~1" (a tilde then a one), not "/": unescaping is done once, left to right.
  const json state = state_with({{"~1", "tilde-one"}, {"/", "slash"}});
  EXPECT_EQ(render("{{ /data/~01 }}", state), json("tilde-one"));
  EXPECT_EQ(render("{{ /data/~1 }}", state), json("slash"));
}

TEST(MappingPointers, KeysThatLookLikeNumbersInObjects) {
  const json state = state_with(json::parse(R"({"by_id": {"0": "zero", "12": "twelve"}})"));
  EXPECT_EQ(render("{{ /data/by_id/12 }}", state), json("twelve"));
  EXPECT_EQ(render("{{ /data/by_id/0 }}", state), json("zero"));
}

}  // namespace
}  // namespace intake::mapping
