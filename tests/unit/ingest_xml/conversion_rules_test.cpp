// Rules 1–9 of docs/commcare.md "XML → JSON as HQ does it", one behaviour per test.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "xml_test_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

TEST(XmlConversionRules, RootCarriesTypeAttributesAndNamespace) {
  const json tree = tree_of(R"(<data xmlns="urn:f" xmlns:jrm="urn:jrm" name="V" version="3"/>)");
  expect_same_json(tree,
                   json{{"#type", "data"}, {"@xmlns", "urn:f"}, {"@name", "V"}, {"@version", "3"}});
}

TEST(XmlConversionRules, RootWithoutNamespaceHasNoXmlns) {
  expect_same_json(tree_of("<data><a>1</a></data>"), json{{"#type", "data"}, {"a", "1"}});
}

TEST(XmlConversionRules, RootOnlyTextStaysAnObject) {
  expect_same_json(tree_of("<data> hi </data>"), json{{"#type", "data"}, {"#text", " hi "}});
}

TEST(XmlConversionRules, XmlLangKeepsNamespacedKey) {
  const json tree = tree_of(R"(<f><label xml:lang="en">Hi</label></f>)");
  expect_same_json(tree["label"],
                   json{{"@{http://www.w3.org/XML/1998/namespace}lang", "en"}, {"#text", "Hi"}});
}

TEST(XmlConversionRules, PrefixedAttributeUsesItsUri) {
  const json tree = tree_of(R"(<f xmlns:p="urn:p"><a p:x="1" x="2"/></f>)");
  expect_same_json(tree["a"], json{{"@{urn:p}x", "1"}, {"@x", "2"}});
}

TEST(XmlConversionRules, PrefixesDroppedFromElementNames) {
  const json tree =
      tree_of(R"(<data xmlns="urn:f"><n0:case xmlns:n0="urn:case" case_id="c"><n0:update>)"
              R"(<n0:v>1</n0:v></n0:update></n0:case></data>)");
  expect_same_json(tree["case"],
                   json{{"@case_id", "c"}, {"@xmlns", "urn:case"}, {"update", {{"v", "1"}}}});
}

TEST(XmlConversionRules, NamespacedLeafBecomesTextAndXmlns) {
  const json tree = tree_of(R"(<f xmlns="urn:a"><v xmlns="urn:b">x</v><w>y</w></f>)");
  expect_same_json(tree["v"], json{{"#text", "x"}, {"@xmlns", "urn:b"}});
  EXPECT_EQ(tree["w"], "y");
}

TEST(XmlConversionRules, ElementOutOfAnyNamespaceGetsNoXmlns) {
  const json tree = tree_of(R"(<f xmlns="urn:a"><g xmlns=""><h xmlns="urn:a">1</h></g></f>)");
  // <g> has no namespace: no "@xmlns"; <h> differs from <g>'s (none), so it says its own.
  expect_same_json(tree["g"], json{{"h", {{"#text", "1"}, {"@xmlns", "urn:a"}}}});
}

TEST(XmlConversionRules, WhitespaceKeptInLeaves) {
  const json tree = tree_of("<f><a>  x \n\t</a><b>\n    </b><c> </c></f>");
  EXPECT_EQ(tree["a"], "  x \n\t");
  EXPECT_EQ(tree["b"], "\n    ");
  EXPECT_EQ(tree["c"], " ");
}

TEST(XmlConversionRules, EmptyElementIsEmptyString) {
  const json tree = tree_of("<f><a/><b></b></f>");
  EXPECT_EQ(tree["a"], "");
  EXPECT_EQ(tree["b"], "");
}

TEST(XmlConversionRules, EmptyElementWithAttributesIsObjectOfAttributes) {
  const json tree = tree_of(R"(<f><a x="1" y=""/></f>)");
  expect_same_json(tree["a"], json{{"@x", "1"}, {"@y", ""}});
}

TEST(XmlConversionRules, TextBeforeFirstChildKeptUnstripped) {
  const json tree = tree_of("<f><a> lead <b>1</b> tail </a></f>");
  expect_same_json(tree["a"], json{{"#text", " lead "}, {"b", "1"}});
}

TEST(XmlConversionRules, WhitespaceOnlyTextBeforeChildIsDropped) {
  const json tree = tree_of("<f><a>\n  <b>1</b>\n</a></f>");
  expect_same_json(tree["a"], json{{"b", "1"}});
}

TEST(XmlConversionRules, UnicodeSpaceCountsAsBlankLikePythonStrip) {
  const json tree = tree_of("<f><a>\xC2\xA0\xE3\x80\x80<b>1</b></a></f>");  // NBSP, ideographic
  expect_same_json(tree["a"], json{{"b", "1"}});
}

TEST(XmlConversionRules, RepeatedSiblingsBecomeListInOrder) {
  const json tree = tree_of("<f><r><v>1</v></r><x>a</x><r><v>2</v></r><r><v>3</v></r></f>");
  expect_same_json(tree["r"], json::array({{{"v", "1"}}, {{"v", "2"}}, {{"v", "3"}}}));
  EXPECT_EQ(tree["x"], "a");
}

TEST(XmlConversionRules, SingleRepeatStaysObject) {
  const json tree = tree_of("<f><r><v>1</v></r></f>");
  EXPECT_TRUE(tree["r"].is_object());
  EXPECT_EQ(tree["r"]["v"], "1");
}

TEST(XmlConversionRules, RepeatedLeavesMixStringsAndObjects) {
  const json tree = tree_of(R"(<f><q>1</q><q a="x"/><q/></f>)");
  expect_same_json(tree["q"], json::array({"1", {{"@a", "x"}}, ""}));
}

TEST(XmlConversionRules, NumbersAndBooleansStayStrings) {
  const json tree = tree_of(R"(<f n="3"><i>42</i><d>1.50</d><t>true</t><z>null</z></f>)");
  EXPECT_EQ(tree["@n"], "3");
  EXPECT_EQ(tree["i"], "42");
  EXPECT_EQ(tree["d"], "1.50");
  EXPECT_EQ(tree["t"], "true");
  EXPECT_EQ(tree["z"], "null");
}

TEST(XmlConversionRules, CommentsRemovedAndTextJoined) {
  const json tree = tree_of("<f><a>foo<!-- gone -->bar</a><b><!-- only --></b></f>");
  EXPECT_EQ(tree["a"], "foobar");
  EXPECT_EQ(tree["b"], "");
}

TEST(XmlConversionRules, WhitespaceAroundCommentsKeptInLeaves) {
  const json tree = tree_of("<f><a>  <!-- c -->\n</a><b> <!-- c --> x<i/></b></f>");
  EXPECT_EQ(tree["a"], "  \n");
  expect_same_json(tree["b"], json{{"#text", "  x"}, {"i", ""}});
}

TEST(XmlConversionRules, CdataBecomesText) {
  const json tree = tree_of("<f><a><![CDATA[<b>&amp;</b>]]></a><c>x<![CDATA[ y ]]>z</c></f>");
  EXPECT_EQ(tree["a"], "<b>&amp;</b>");
  EXPECT_EQ(tree["c"], "x y z");
}

TEST(XmlConversionRules, StandardEntitiesAndCharacterReferencesDecoded) {
  const json tree =
      tree_of(R"(<f q="&quot;a&apos; &lt;&gt;"><a>Tom &amp; Jerry &lt;3 &#233;&#x41;</a></f>)");
  EXPECT_EQ(tree["a"],
            "Tom & Jerry <3 \xC3\xA9"
            "A");
  EXPECT_EQ(tree["@q"], "\"a' <>");
}

TEST(XmlConversionRules, ProcessingInstructionBeforeRootIgnored) {
  const json tree = tree_of(
      "<?xml version='1.0' encoding='UTF-8'?>\n<?xml-stylesheet href='a.xsl'?>\n"
      "<!-- c --><f><a>1</a></f>\n<!-- after -->\n");
  expect_same_json(tree, json{{"#type", "f"}, {"a", "1"}});
}

TEST(XmlConversionRules, ProcessingInstructionInsideElementDroppedTextJoined) {
  EXPECT_EQ(tree_of("<f><a>x<?pi data?>y</a></f>")["a"], "xy");
}

TEST(XmlConversionRules, AttributeWhitespaceNormalizedButReferencesKept) {
  const json tree = tree_of("<f a=\"x\ty\r\nz\" b=\"1&#10;2\"/>");
  EXPECT_EQ(tree["@a"], "x y z");
  EXPECT_EQ(tree["@b"], "1\n2");
}

TEST(XmlConversionRules, LineEndingsNormalizedInText) {
  EXPECT_EQ(tree_of("<f><a>1\r\n2\r3</a></f>")["a"], "1\n2\n3");
}

TEST(XmlConversionRules, ByteOrderMarkAccepted) {
  expect_same_json(tree_of("\xEF\xBB\xBF<?xml version=\"1.0\"?><f><a>1</a></f>"),
                   json{{"#type", "f"}, {"a", "1"}});
}

TEST(XmlConversionRules, DoctypeWithoutEntitiesAccepted) {
  expect_same_json(tree_of("<!DOCTYPE f><f><a>1</a></f>"), json{{"#type", "f"}, {"a", "1"}});
}

TEST(XmlConversionRules, DateStepAppliesToAttributesLeavesAndText) {
  const json tree = tree_of(R"(<f d="2013-03-09T06:30:09.007+03"><a>2013-03-09T06:30:09.007+03</a>)"
                            R"(<b>2013-03-09</b><c x="1">2020-01-01T00:00:00Z<i/></c></f>)");
  EXPECT_EQ(tree["@d"], "2013-03-09T03:30:09.007000Z");
  EXPECT_EQ(tree["a"], "2013-03-09T03:30:09.007000Z");
  EXPECT_EQ(tree["b"], "2013-03-09");
  EXPECT_EQ(tree["c"]["#text"], "2020-01-01T00:00:00.000000Z");
}

TEST(XmlConversionRules, DateStepOffLeavesDateTimesAlone) {
  const json tree = tree_of("<f><a>2013-03-09T06:30:09.007+03</a></f>", false);
  EXPECT_EQ(tree["a"], "2013-03-09T06:30:09.007+03");
}

}  // namespace
// A prefix redeclared inside an element is bound there only; outside it the outer binding holds.
TEST(XmlConversionRules, ARedeclaredPrefixHoldsOnlyInsideItsElement) {
  const json tree = tree_of(
      R"(<f xmlns:p="urn:outer"><p:a xmlns:p="urn:inner"><p:b p:x="1"/></p:a><p:c p:y="2"/></f>)");
  EXPECT_EQ(tree["a"]["@xmlns"], "urn:inner");
  EXPECT_EQ(tree["a"]["b"]["@{urn:inner}x"], "1");
  EXPECT_EQ(tree["c"]["@xmlns"], "urn:outer");
  EXPECT_EQ(tree["c"]["@{urn:outer}y"], "2");
}

}  // namespace intake::test
