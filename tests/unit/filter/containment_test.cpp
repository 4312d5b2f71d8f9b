// PostgreSQL jsonb @> rules: openfn-inbox.md §4 worked examples and the PG manual §8.14.3.
#include <gtest/gtest.h>

#include "contains_both.hpp"

namespace intake::filter {
namespace {

using test::contains;

const std::string body_b =
    R"({"id":"f1","form":{"@xmlns":"http://openrosa.org/formdesigner/X","@name":"Reg","age":"8",)"
    R"("tags":["a","b"],"kids":[{"n":"x","s":"F"},{"n":"y","s":"M"}]},"ok":true})";

TEST(WorkedExamples, XmlnsUnderForm) {
  EXPECT_TRUE(contains(body_b, R"({"form":{"@xmlns":"http://openrosa.org/formdesigner/X"}})"));
}
TEST(WorkedExamples, RootedNoDeepSearch) {
  EXPECT_FALSE(contains(body_b, R"({"@xmlns":"http://openrosa.org/formdesigner/X"})"));
}
TEST(WorkedExamples, NumberIsNotString) { EXPECT_FALSE(contains(body_b, R"({"form":{"age":8}})")); }
TEST(WorkedExamples, BooleanIsNotString) { EXPECT_FALSE(contains(body_b, R"({"ok":"true"})")); }
TEST(WorkedExamples, ArraySubsetAndEmptyArray) {
  EXPECT_TRUE(contains(body_b, R"({"form":{"tags":["b"]}})"));
  EXPECT_TRUE(contains(body_b, R"({"form":{"tags":[]}})"));
}
TEST(WorkedExamples, NoArrayContainsScalarBelowRoot) {
  EXPECT_FALSE(contains(body_b, R"({"form":{"tags":"a"}})"));
}
TEST(WorkedExamples, ObjectElementWithinOneElement) {
  EXPECT_TRUE(contains(body_b, R"({"form":{"kids":[{"n":"x","s":"F"}]}})"));
  EXPECT_FALSE(contains(body_b, R"({"form":{"kids":[{"n":"x","s":"M"}]}})"));
  EXPECT_TRUE(contains(body_b, R"({"form":{"kids":[{"n":"x"},{"s":"M"}]}})"));
}
TEST(WorkedExamples, MissingIsNotNull) {
  EXPECT_FALSE(contains(body_b, R"({"form":{"missing":null}})"));
}
TEST(WorkedExamples, EmptyObjectUnderKey) { EXPECT_TRUE(contains(body_b, R"({"form":{}})")); }

TEST(PgManual, ManualExamples) {
  EXPECT_TRUE(contains(R"("foo")", R"("foo")"));
  EXPECT_TRUE(contains(R"([1, 2, 3])", R"([1, 3])"));
  EXPECT_TRUE(contains(R"([1, 2, 3])", R"([3, 1])"));
  EXPECT_TRUE(contains(R"([1, 2, 3])", R"([1, 2, 2])"));
  EXPECT_TRUE(contains(R"({"product": "PostgreSQL", "version": 9.4, "jsonb": true})",
                       R"({"version": 9.4})"));
  EXPECT_FALSE(contains(R"([1, 2, [1, 3]])", R"([1, 3])"));
  EXPECT_TRUE(contains(R"([1, 2, [1, 3]])", R"([[1, 3]])"));
  EXPECT_FALSE(contains(R"({"foo": {"bar": "baz"}})", R"({"bar": "baz"})"));
  EXPECT_TRUE(contains(R"({"foo": {"bar": "baz"}})", R"({"foo": {}})"));
}
TEST(PgManual, TopLevelArrayContainsPrimitive) {
  EXPECT_TRUE(contains(R"(["foo", "bar"])", R"("bar")"));
  EXPECT_FALSE(contains(R"("bar")", R"(["bar"])"));
  EXPECT_FALSE(contains(R"(["foo", ["bar"]])", R"("bar")"));
  EXPECT_TRUE(contains(R"([1, 2.5])", R"(2.50)"));
  EXPECT_FALSE(contains(R"([{"a":1}])", R"({"a":1})"));
  EXPECT_TRUE(contains(R"([{"a":1}])", R"([{"a":1}])"));
}
TEST(PgManual, ContainersMustHaveSameKind) {
  EXPECT_FALSE(contains(R"({"a":[]})", R"({"a":{}})"));
  EXPECT_FALSE(contains(R"({"a":{}})", R"({"a":[]})"));
  EXPECT_FALSE(contains(R"([])", R"({})"));
  EXPECT_FALSE(contains(R"({})", R"([])"));
  EXPECT_TRUE(contains(R"([[1]])", R"([[]])"));
  EXPECT_FALSE(contains(R"([1])", R"([[]])"));
  EXPECT_FALSE(contains(R"([{}])", R"([[]])"));
  EXPECT_FALSE(contains(R"({"a":["x"]})", R"({"a":"x"})"));
}
TEST(PgManual, EmptyObjectMatchesOnlyObjects) {
  EXPECT_TRUE(contains(R"({"anything":1})", R"({})"));
  EXPECT_FALSE(contains(R"([1])", R"({})"));
  EXPECT_FALSE(contains(R"("x")", R"({})"));
  EXPECT_FALSE(contains(R"(null)", R"({})"));
}
TEST(PgManual, NullVersusMissing) {
  EXPECT_TRUE(contains(R"({"a":null})", R"({"a":null})"));
  EXPECT_FALSE(contains(R"({})", R"({"a":null})"));
  EXPECT_FALSE(contains(R"({"a":"null"})", R"({"a":null})"));
  EXPECT_FALSE(contains(R"({"a":false})", R"({"a":null})"));
  EXPECT_TRUE(contains(R"(null)", R"(null)"));
  EXPECT_TRUE(contains(R"([null])", R"(null)"));
}
TEST(PgManual, NumbersByValue) {
  EXPECT_TRUE(contains(R"({"n":1})", R"({"n":1.0})"));
  EXPECT_TRUE(contains(R"({"n":1.0})", R"({"n":1e0})"));
  EXPECT_TRUE(contains(R"({"n":-0})", R"({"n":0.0})"));
  EXPECT_TRUE(contains(R"({"n":100})", R"({"n":1E2})"));
  EXPECT_FALSE(contains(R"({"n":1})", R"({"n":1.5})"));
  EXPECT_FALSE(contains(R"({"n":1})", R"({"n":"1"})"));
  EXPECT_TRUE(contains(R"([1, 2])", R"([2.0])"));
}
TEST(PgManual, LargeNumbersStayExact) {
  // 2^53 + 1 is not representable as a double: it must not equal 2^53 (or 2^53 as a float).
  EXPECT_FALSE(contains(R"({"n":9007199254740993})", R"({"n":9007199254740992})"));
  EXPECT_FALSE(contains(R"({"n":9007199254740993})", R"({"n":9007199254740992.0})"));
  EXPECT_TRUE(contains(R"({"n":9007199254740992})", R"({"n":9007199254740992.0})"));
  EXPECT_TRUE(contains(R"({"n":18446744073709551615})", R"({"n":18446744073709551615})"));
  EXPECT_FALSE(contains(R"({"n":18446744073709551615})", R"({"n":18446744073709551614})"));
  EXPECT_FALSE(contains(R"({"n":18446744073709551615})", R"({"n":-1})"));
  EXPECT_TRUE(contains(R"({"n":-9223372036854775808})", R"({"n":-9223372036854775808.0})"));
  EXPECT_FALSE(contains(R"({"n":9223372036854775807})", R"({"n":9223372036854775808.0})"));
  EXPECT_TRUE(contains(R"({"n":1e300})", R"({"n":1E+300})"));
}
TEST(PgManual, StringsExactAfterEscapes) {
  EXPECT_TRUE(contains(R"({"name":"Nicholas P\u00e9p\u00e9"})", R"({"name":"Nicholas Pépé"})"));
  EXPECT_TRUE(contains(R"({"e":"\ud83d\ude00"})", R"({"e":"😀"})"));
  EXPECT_TRUE(contains(R"({"q":"a\"b\\c\/d\n"})", R"({"q":"a\u0022b\u005cc/d\u000a"})"));
  // No Unicode normalisation: precomposed é differs from e + combining acute.
  EXPECT_FALSE(contains(R"({"name":"\u00e9"})", R"({"name":"e\u0301"})"));
  EXPECT_FALSE(contains(R"({"name":"Reg"})", R"({"name":"reg"})"));
  EXPECT_TRUE(contains(R"({"\u00e9":1})", R"({"é":1})"));
}
TEST(PgManual, DuplicateKeysKeepLast) {
  // nlohmann keeps the last value of a duplicated key, as jsonb does.
  EXPECT_TRUE(contains(R"({"a":1,"a":2})", R"({"a":2})"));
  EXPECT_FALSE(contains(R"({"a":1,"a":2})", R"({"a":1})"));
}
TEST(PgManual, ScalarRoots) {
  EXPECT_TRUE(contains(R"(1)", R"(1.0)"));
  EXPECT_FALSE(contains(R"(1)", R"("1")"));
  EXPECT_FALSE(contains(R"("a")", R"({})"));
  EXPECT_FALSE(contains(R"({"a":1})", R"("a")"));
  EXPECT_FALSE(contains(R"(true)", R"([true])"));
}
TEST(PgManual, OperatorLookingKeysArePlainInJsonbContains) {
  EXPECT_TRUE(
      jsonb_contains(nlohmann::json::parse(R"({"$gt":1})"), nlohmann::json::parse(R"({"$gt":1})")));
}

}  // namespace
}  // namespace intake::filter
