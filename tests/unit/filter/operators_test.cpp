// The `$` operators: semantics, edge cases and compile errors.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "intake/filter/filter_error.hpp"
#include "intake/filter/fragment.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

bool matches(const std::string& doc, const std::string& fragment) {
  return CompiledFragment::compile(json::parse(fragment)).matches(json::parse(doc));
}

// The compile error of a fragment, if any.
std::optional<FilterCompileError> compile_error(const std::string& fragment) {
  try {
    CompiledFragment::compile(json::parse(fragment));
  } catch (const FilterCompileError& error) {
    return error;
  }
  return std::nullopt;
}

std::string compile_error_pointer(const std::string& fragment) {
  const auto error = compile_error(fragment);
  return error ? error->pointer() : "no error";
}

std::string compile_error_text(const std::string& fragment) {
  const auto error = compile_error(fragment);
  return error ? error->what() : "no error";
}

TEST(InOperator, MatchesAnyListedValue) {
  EXPECT_TRUE(matches(R"({"t":"patient"})", R"({"t":{"$in":["case","patient"]}})"));
  EXPECT_FALSE(matches(R"({"t":"visit"})", R"({"t":{"$in":["case","patient"]}})"));
  EXPECT_FALSE(matches(R"({})", R"({"t":{"$in":["case"]}})"));
  EXPECT_FALSE(matches(R"({"t":"x"})", R"({"t":{"$in":[]}})"));
  EXPECT_TRUE(matches(R"({"n":2})", R"({"n":{"$in":[1,2.0]}})"));
  EXPECT_FALSE(matches(R"({"n":"2"})", R"({"n":{"$in":[1,2]}})"));
}
TEST(InOperator, ElementsAreFragments) {
  EXPECT_TRUE(matches(R"({"m":{"u":"a","x":1}})", R"({"m":{"$in":[{"u":"a"}]}})"));
  EXPECT_TRUE(matches(R"({"u":"test.1"})", R"({"u":{"$in":["x",{"$regex":"^test"}]}})"));
}
TEST(NinOperator, TrueWhenMissingOrNotListed) {
  EXPECT_TRUE(matches(R"({})", R"({"t":{"$nin":["a"]}})"));
  EXPECT_TRUE(matches(R"({"t":"b"})", R"({"t":{"$nin":["a"]}})"));
  EXPECT_FALSE(matches(R"({"t":"a"})", R"({"t":{"$nin":["a"]}})"));
}
TEST(NeOperator, TrueWhenMissingOrDifferent) {
  EXPECT_TRUE(matches(R"({})", R"({"test_user":{"$ne":"Yes"}})"));
  EXPECT_TRUE(matches(R"({"test_user":"No"})", R"({"test_user":{"$ne":"Yes"}})"));
  EXPECT_FALSE(matches(R"({"test_user":"Yes"})", R"({"test_user":{"$ne":"Yes"}})"));
  EXPECT_TRUE(matches(R"({"n":"1"})", R"({"n":{"$ne":1}})"));
  EXPECT_FALSE(matches(R"({"n":1.0})", R"({"n":{"$ne":1}})"));
  EXPECT_TRUE(matches(R"({"v":null})", R"({"v":{"$ne":false}})"));
}
TEST(NeOperator, MissingParentStillFails) {
  // $ne is true on a missing key, but the keys above it are still required.
  EXPECT_FALSE(matches(R"({})", R"({"form":{"test_user":{"$ne":"Yes"}}})"));
  EXPECT_TRUE(matches(R"({"form":{}})", R"({"form":{"test_user":{"$ne":"Yes"}}})"));
}
TEST(ExistsOperator, PresenceOnly) {
  EXPECT_TRUE(matches(R"({"a":null})", R"({"a":{"$exists":true}})"));
  EXPECT_FALSE(matches(R"({})", R"({"a":{"$exists":true}})"));
  EXPECT_TRUE(matches(R"({})", R"({"a":{"$exists":false}})"));
  EXPECT_FALSE(matches(R"({"a":0})", R"({"a":{"$exists":false}})"));
}
TEST(RegexOperator, Re2PartialMatchOnStrings) {
  EXPECT_TRUE(matches(R"({"u":"test.user"})", R"({"u":{"$regex":"^test\\."}})"));
  EXPECT_TRUE(matches(R"({"u":"my test"})", R"({"u":{"$regex":"test"}})"));
  EXPECT_FALSE(matches(R"({"u":"Test"})", R"({"u":{"$regex":"^test"}})"));
  EXPECT_TRUE(matches(R"({"u":"Test"})", R"({"u":{"$regex":"(?i)^test"}})"));
  EXPECT_FALSE(matches(R"({"n":12})", R"({"n":{"$regex":"1"}})"));
  EXPECT_FALSE(matches(R"({})", R"({"n":{"$regex":""}})"));
  EXPECT_TRUE(matches(R"({"s":"Pépé"})", R"({"s":{"$regex":"^P.p.$"}})"));  // UTF-8 aware
}
TEST(RegexOperator, SyntaxErrorIsCompileError) {
  EXPECT_EQ(compile_error_pointer(R"({"u":{"$regex":"(unclosed"}})"), "/u/$regex");
  EXPECT_NE(compile_error_text(R"({"u":{"$regex":"(unclosed"}})").find("RE2"), std::string::npos);
  // Backreferences are not RE2 syntax.
  EXPECT_EQ(compile_error_pointer(R"({"u":{"$regex":"(a)\\1"}})"), "/u/$regex");
  EXPECT_EQ(compile_error_pointer(R"({"u":{"$regex":5}})"), "/u/$regex");
}
TEST(RegexOperator, CatastrophicPatternRunsFast) {
  const std::string subject(30000, 'a');
  const json doc{{"u", subject + "!"}};
  const auto fragment = CompiledFragment::compile(json::parse(R"({"u":{"$regex":"^(a+)+$"}})"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(fragment.matches(doc));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));
}
TEST(ComparisonOperators, NumbersByValue) {
  EXPECT_TRUE(matches(R"({"n":5})", R"({"n":{"$gt":4.5}})"));
  EXPECT_FALSE(matches(R"({"n":5})", R"({"n":{"$gt":5.0}})"));
  EXPECT_TRUE(matches(R"({"n":5})", R"({"n":{"$gte":5.0}})"));
  EXPECT_TRUE(matches(R"({"n":-1})", R"({"n":{"$lt":0}})"));
  EXPECT_TRUE(matches(R"({"n":5})", R"({"n":{"$lte":5}})"));
  EXPECT_TRUE(matches(R"({"n":5})", R"({"n":{"$gte":1,"$lt":10}})"));
  EXPECT_FALSE(matches(R"({"n":10})", R"({"n":{"$gte":1,"$lt":10}})"));
}
TEST(ComparisonOperators, LargeNumbersExact) {
  EXPECT_TRUE(matches(R"({"n":9007199254740993})", R"({"n":{"$gt":9007199254740992}})"));
  EXPECT_TRUE(matches(R"({"n":9007199254740993})", R"({"n":{"$gt":9007199254740992.0}})"));
  EXPECT_TRUE(matches(R"({"n":18446744073709551615})", R"({"n":{"$gt":-1}})"));
  EXPECT_TRUE(matches(R"({"n":-9223372036854775808})", R"({"n":{"$lt":18446744073709551615}})"));
  EXPECT_TRUE(matches(R"({"n":1e300})", R"({"n":{"$gt":18446744073709551615}})"));
}
TEST(ComparisonOperators, StringsBytewiseSoIsoDatesWork) {
  EXPECT_TRUE(matches(R"({"d":"2024-03-01T10:00:00Z"})", R"({"d":{"$gte":"2024-01-01"}})"));
  EXPECT_FALSE(matches(R"({"d":"2023-12-31"})", R"({"d":{"$gte":"2024-01-01"}})"));
  EXPECT_TRUE(matches(R"({"s":"b"})", R"({"s":{"$gt":"B"}})"));
  EXPECT_TRUE(matches(R"({"s":"é"})", R"({"s":{"$gt":"z"}})"));  // UTF-8 bytes order
}
TEST(ComparisonOperators, MissingOrWrongTypeNeverSatisfies) {
  EXPECT_FALSE(matches(R"({})", R"({"n":{"$lt":5}})"));
  EXPECT_FALSE(matches(R"({"n":"4"})", R"({"n":{"$lt":5}})"));
  EXPECT_FALSE(matches(R"({"n":4})", R"({"n":{"$lt":"5"}})"));
  EXPECT_FALSE(matches(R"({"n":null})", R"({"n":{"$lt":5}})"));
  EXPECT_FALSE(matches(R"({"n":[1]})", R"({"n":{"$lt":5}})"));
  EXPECT_FALSE(matches(R"({"n":true})", R"({"n":{"$gte":0}})"));
}
TEST(ComparisonOperators, OperandMustBeNumberOrString) {
  EXPECT_EQ(compile_error_pointer(R"({"n":{"$gt":true}})"), "/n/$gt");
  EXPECT_EQ(compile_error_pointer(R"({"n":{"$lt":[1]}})"), "/n/$lt");
}
TEST(OperatorsInArrays, SomeElementSatisfies) {
  EXPECT_TRUE(matches(R"({"tags":["x","test-1"]})", R"({"tags":[{"$regex":"^test"}]})"));
  EXPECT_FALSE(matches(R"({"tags":["x"]})", R"({"tags":[{"$regex":"^test"}]})"));
  EXPECT_TRUE(matches(R"({"kids":[{"age":3},{"age":12}]})", R"({"kids":[{"age":{"$gt":10}}]})"));
}
TEST(OperatorsAtRoot, ApplyToTheWholeDocument) {
  EXPECT_TRUE(matches(R"("abc")", R"({"$regex":"b"})"));
  EXPECT_EQ(compile_error_pointer(R"({"$exists":true})"), "/$exists");
}
TEST(DollarEscape, DoubleDollarIsLiteralKey) {
  EXPECT_TRUE(matches(R"({"$type":"x"})", R"({"$$type":"x"})"));
  EXPECT_FALSE(matches(R"({"$$type":"x"})", R"({"$$type":"x"})"));
  EXPECT_TRUE(matches(R"({"$$type":"x"})", R"({"$$$type":"x"})"));
  EXPECT_TRUE(matches(R"({"$a":"x","b":1})", R"({"$$a":"x","b":1})"));  // not an operator object
  EXPECT_FALSE(CompiledFragment::compile(json::parse(R"({"$$a":1})")).is_plain());
  EXPECT_TRUE(CompiledFragment::compile(json::parse(R"({"a":1})")).is_plain());
}
TEST(CompileErrors, UnknownOperatorNamesPath) {
  EXPECT_EQ(compile_error_pointer(R"({"form":{"age":{"$gtt":1}}})"), "/form/age/$gtt");
  EXPECT_NE(compile_error_text(R"({"a":{"$foo":1}})").find("unknown operator \"$foo\""),
            std::string::npos);
}
TEST(CompileErrors, MixedKeysRejected) {
  EXPECT_EQ(compile_error_pointer(R"({"form":{"$gt":1,"age":2}})"), "/form");
  EXPECT_NE(compile_error_text(R"({"$gt":1,"age":2})").find("$$gt"), std::string::npos);
}
TEST(CompileErrors, BadOperands) {
  EXPECT_EQ(compile_error_pointer(R"({"a":{"$in":"x"}})"), "/a/$in");
  EXPECT_EQ(compile_error_pointer(R"({"a":{"$exists":1}})"), "/a/$exists");
  EXPECT_EQ(compile_error_pointer(R"({"a":[{"$exists":true}]})"), "/a/0/$exists");
  EXPECT_EQ(compile_error_pointer(R"({"a":{"$in":[{"$bad":1}]}})"), "/a/$in/0/$bad");
}
TEST(CompileErrors, PointerEscapesSlashAndTilde) {
  EXPECT_EQ(compile_error_pointer(R"({"a/b":{"c~d":{"$nope":1}}})"), "/a~1b/c~0d/$nope");
}
TEST(UnicodeOperands, ExactBytes) {
  EXPECT_TRUE(matches(R"({"n":"Pépé"})", R"({"n":{"$in":["Nicholas","P\u00e9p\u00e9"]}})"));
  EXPECT_TRUE(matches(R"({"n":"e\u0301"})", R"({"n":{"$ne":"\u00e9"}})"));
}

}  // namespace
}  // namespace intake::filter
