// Compile-time checks: every problem is found when the config loads, with the place in the
// source (a JSON pointer) and what is wrong. Also the escape for a literal "{{".
#include <gtest/gtest.h>

#include "mapping_test_support.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;
using test::problems_of;
using test::render;
using test::state_with;

const json kState = state_with({{"id", "f1"}});

// The single problem of `source`, as "<where>: <message>".
std::string problem(const json& source) {
  const auto problems = problems_of(source);
  if (problems.size() != 1) return "expected one problem, got " + std::to_string(problems.size());
  return problems.front().where + ": " + problems.front().message;
}

TEST(MappingEscaping, LiteralPlaceholderWritesDoubleBraces) {
  EXPECT_EQ(render(R"({{ "{{" }})", kState), json("{{"));
  EXPECT_EQ(render(R"(use {{ "{{" }} /data/id }} for {{ /data/id }})", kState),
            json("use {{ /data/id }} for f1"));
  EXPECT_EQ(render(R"({{ "a \"quoted\" \u00e9" }})", kState), json("a \"quoted\" \u00e9"));
}

TEST(MappingEscaping, LoneClosingBracesAndSingleBracesAreText) {
  EXPECT_EQ(render("}} { } {x}", kState), json("}} { } {x}"));
  EXPECT_EQ(render(R"({"json": "{{ /data/id }}"})", kState), json(R"({"json": "f1"})"));
}

TEST(MappingEscaping, ExtraOpeningBracesAreText) {
  // In a run of braces the placeholder opens at the last two.
  EXPECT_EQ(render("{{{ /data/id }}}", kState), json("{f1}"));
}

TEST(MappingCompileErrors, UnclosedPlaceholder) {
  EXPECT_EQ(problem(json::parse(R"({"body": {"note": "Visit {{ /data/id"}})")),
            "/body/note: {{ /data/id: '{{' is not closed by '}}'");
  EXPECT_EQ(problem("{{ /data/id }"), ": {{ /data/id }: '{{' is not closed by '}}'");
  EXPECT_EQ(problem(R"({{ "abc }})"), R"(: {{ "abc }}: '{{' is not closed by '}}')");
}

TEST(MappingCompileErrors, PointerWithoutLeadingSlash) {
  EXPECT_EQ(problem(json::parse(R"({"body": {"case_name": "{{ data/x }}"}})")),
            "/body/case_name: {{ data/x }}: 'data/x' is not a JSON pointer: it must start with "
            "'/' (write /data/x)");
}

TEST(MappingCompileErrors, BadTildeEscape) {
  EXPECT_EQ(problem("{{ /data/a~2 }}"),
            ": {{ /data/a~2 }}: in '/data/a~2', '~' must be followed by 0 or 1 (~0 is '~', ~1 "
            "is '/')");
  EXPECT_EQ(problems_of("{{ /data/a~ }}").size(), 1u);
}

TEST(MappingCompileErrors, OutsideTheState) {
  EXPECT_EQ(problem("{{ /dta/form }}"),
            ": {{ /dta/form }}: the state has no \"dta\" (it has /data, /request and "
            "/references)");
  EXPECT_EQ(problem("{{ /item/name }}"),
            ": {{ /item/name }}: /item exists only in the item of an each (the current element "
            "and its position)");
}

TEST(MappingCompileErrors, EmptyPlaceholder) {
  EXPECT_EQ(problem("{{ }}"), ": {{ }}: empty placeholder: write a JSON pointer such as /data/id");
}

TEST(MappingCompileErrors, BadDefaultLiteral) {
  EXPECT_EQ(problem("{{ /data/x | default: unknown }}"),
            ": {{ /data/x | default: unknown }}: default unknown is not a JSON literal (a string "
            "needs double quotes: default: \"unknown\")");
  EXPECT_EQ(problem("{{ /data/x | default: 'a' }}"),
            ": {{ /data/x | default: 'a' }}: default 'a' is not a JSON literal (JSON strings use "
            "double quotes)");
  EXPECT_EQ(problem("{{ /data/x | default: [1, }}"),
            ": {{ /data/x | default: [1, }}: '{{' is not closed by '}}'");
  EXPECT_EQ(problem("{{ /data/x | default: }}"),
            ": {{ /data/x | default: }}: default: needs a JSON literal (0, \"text\", null, [] …)");
  EXPECT_EQ(problem("{{ /data/x | default 0 }}"),
            ": {{ /data/x | default 0 }}: write 'default:' followed by a JSON literal");
}

TEST(MappingCompileErrors, UnknownFilterAndTrailingText) {
  EXPECT_EQ(problem("{{ /data/x | upper }}"),
            ": {{ /data/x | upper }}: unknown filter 'upper' (the only one is '| default: <JSON "
            "literal>')");
  EXPECT_EQ(problem("{{ /data/x default: 0 }}"),
            ": {{ /data/x default: 0 }}: unexpected 'default: 0 }}' after the pointer (write '| "
            "default: <JSON literal>' or close with '}}')");
  EXPECT_EQ(problem(R"({{ "a" "b" }})"),
            R"(: {{ "a" "b" }}: a literal placeholder holds one JSON string and nothing else)");
}

TEST(MappingCompileErrors, KeysAreNotTemplates) {
  EXPECT_EQ(problem(json::parse(R"({"body": {"{{ /data/id }}": 1}})")),
            // The key as a JSON pointer token: its slashes escaped.
            "/body/{{ ~1data~1id }}: keys are literal, not templates: '{{ /data/id }}' cannot "
            "contain '{{'");
}

TEST(MappingCompileErrors, EveryProblemIsReportedWithItsPlace) {
  const json source = json::parse(R"({
    "body": {"a": "{{ data/a }}", "list": ["ok {{ /data/id }}", "{{ /data/b | default: x }}"],
             "x~y/z": "{{ /nope }}"}})");
  const auto problems = problems_of(source);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].where, "/body/a");
  EXPECT_EQ(problems[1].where, "/body/list/1");
  EXPECT_EQ(problems[2].where, "/body/x~0y~1z");  // the key escaped as a JSON pointer token
  try {
    Template::compile(source);
  } catch (const TemplateError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("/body/a: "), 0u);
    EXPECT_NE(what.find("; /body/list/1: "), std::string::npos);
  }
}

TEST(MappingCompileErrors, BaseIsPrefixedToWhere) {
  try {
    Template::compile(json::parse(R"({"a": "{{ x }}"})"), "/params/body");
    FAIL() << "compiled";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.problems().at(0).where, "/params/body/a");
  }
}

TEST(MappingCompileErrors, LongPlaceholderIsShortenedInTheMessage) {
  const std::string source = "{{ /data/" + std::string(200, 'x');
  const auto message = problems_of(source).at(0).message;
  EXPECT_LT(message.size(), 160u);
  EXPECT_NE(message.find("…: '{{' is not closed"), std::string::npos);
}

TEST(MappingCompileErrors, ShortenedMessageKeepsWholeCharacters) {
  // "{{ /data/" is 9 bytes; 70 more put byte 80 inside the first two-byte "é".
  const std::string source = "{{ /data/" + std::string(70, 'x') + "ééééééééé";
  const auto message = problems_of(source).at(0).message;
  EXPECT_NO_THROW((void)json(message).dump());  // a broken character would make dump() throw
  EXPECT_EQ(message.find("x…: "), 9u + 70u - 1u);
}

}  // namespace
}  // namespace intake::mapping
