// Refused input: every failure says what is wrong and where (offset, 1-based line and column).

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "xml_test_helpers.hpp"

namespace intake::test {
namespace {

XmlConversion refused(std::string_view xml) {
  XmlConversion conversion = xml_element_tree_to_json(xml);
  EXPECT_FALSE(conversion.ok) << "accepted: " << conversion.json.dump();
  EXPECT_TRUE(conversion.json.is_null());
  return conversion;
}

void expect_at(const XmlConversion& conversion, std::size_t offset, std::size_t line,
               std::size_t column) {
  EXPECT_EQ(conversion.offset, offset) << conversion.error;
  EXPECT_EQ(conversion.line, line) << conversion.error;
  EXPECT_EQ(conversion.column, column) << conversion.error;
}

TEST(XmlConversionErrors, MismatchedEndTagLocated) {
  const XmlConversion conversion = refused("<data>\n  <a>1</b>\n</data>");
  // pugixml points at the name in the wrong end tag: "</b" on line 2.
  expect_at(conversion, 15, 2, 9);
  EXPECT_NE(conversion.error.find("end tag does not match"), std::string::npos);
  EXPECT_NE(conversion.error.find("(line 2, column 9)"), std::string::npos);
}

TEST(XmlConversionErrors, ColumnCountsCharactersNotBytes) {
  const XmlConversion conversion = refused("<d>\n<\xC3\xA9\xC3\xA9>x</a></d>");
  EXPECT_EQ(conversion.line, 2u);
  EXPECT_EQ(conversion.offset, 13u);  // the 'a' of "</a"
  EXPECT_EQ(conversion.column, 8u);   // "<éé>x</" is 7 characters
}

TEST(XmlConversionErrors, UnclosedElement) {
  const XmlConversion conversion = refused("<data><a>1</a>");
  EXPECT_EQ(conversion.line, 1u);
  EXPECT_FALSE(conversion.error.empty());
}

TEST(XmlConversionErrors, UnquotedAttribute) {
  const XmlConversion conversion = refused("<data>\n<a x=1/></data>");
  EXPECT_EQ(conversion.line, 2u);
  EXPECT_NE(conversion.error.find("attribute"), std::string::npos);
}

TEST(XmlConversionErrors, EmptyBody) {
  const XmlConversion conversion = refused("");
  expect_at(conversion, 0, 1, 1);
  EXPECT_NE(conversion.error.find("empty"), std::string::npos);
}

TEST(XmlConversionErrors, WhitespaceOnlyBody) {
  const XmlConversion conversion = refused(" \n\t\n");
  expect_at(conversion, 4, 3, 1);
  EXPECT_NE(conversion.error.find("empty"), std::string::npos);
}

TEST(XmlConversionErrors, OnlyDeclarationAndCommentIsNoRoot) {
  const XmlConversion conversion = refused("<?xml version='1.0'?><!-- nothing -->");
  EXPECT_NE(conversion.error.find("no root element"), std::string::npos);
}

TEST(XmlConversionErrors, DoctypeWithEntityRefusedNotExpanded) {
  const std::string xml = "<!DOCTYPE data [\n  <!ENTITY who \"world\">\n]>\n<data>&who;</data>";
  const XmlConversion conversion = refused(xml);
  expect_at(conversion, 19, 2, 3);  // the "<!ENTITY"
  EXPECT_NE(conversion.error.find("entit"), std::string::npos);
  EXPECT_EQ(conversion.error.find("world"), std::string::npos);
}

TEST(XmlConversionErrors, ExternalEntityRefused) {
  const XmlConversion conversion = refused(
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<d>&xxe;</d>");
  EXPECT_NE(conversion.error.find("DOCTYPE declares entities"), std::string::npos);
}

TEST(XmlConversionErrors, BillionLaughsRefusedQuickly) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    xml += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int i = 0; i < 10; ++i) {
      xml += "&lol" + (level == 1 ? std::string() : std::to_string(level - 1)) + ";";
    }
    xml += "\">\n";
  }
  xml += "]>\n<lolz>&lol9;</lolz>";
  const auto start = std::chrono::steady_clock::now();
  const XmlConversion conversion = refused(xml);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(50));
  EXPECT_EQ(conversion.line, 3u);
  EXPECT_NE(conversion.error.find("DOCTYPE declares entities"), std::string::npos);
}

TEST(XmlConversionErrors, UndefinedEntityRefused) {
  const XmlConversion conversion = refused("<d>\n<a>x &nbsp; y</a></d>");
  expect_at(conversion, 9, 2, 6);
  EXPECT_NE(conversion.error.find("undefined entity &nbsp;"), std::string::npos);
}

TEST(XmlConversionErrors, StrayAmpersandRefused) {
  const XmlConversion conversion = refused("<d><a q=\"R&D\">x</a></d>");
  EXPECT_EQ(conversion.offset, 10u);
  EXPECT_NE(conversion.error.find("stray '&'"), std::string::npos);
}

TEST(XmlConversionErrors, AmpersandInCommentAndCdataIsFine) {
  const XmlConversion conversion =
      xml_element_tree_to_json("<d><!-- R&D --><a><![CDATA[R&D]]></a><b>&amp;</b></d>");
  ASSERT_TRUE(conversion.ok) << conversion.error;
  EXPECT_EQ(conversion.json["a"], "R&D");
  EXPECT_EQ(conversion.json["b"], "&");
}

TEST(XmlConversionErrors, CharacterReferenceToNonCharacterRefused) {
  const XmlConversion conversion = refused("<d>&#0;</d>");
  EXPECT_EQ(conversion.offset, 3u);
  EXPECT_NE(conversion.error.find("&#0;"), std::string::npos);
}

TEST(XmlConversionErrors, InvalidUtf8Refused) {
  const XmlConversion conversion = refused("<d>\n<a>caf\xE9</a></d>");
  expect_at(conversion, 10, 2, 7);
  EXPECT_NE(conversion.error.find("UTF-8"), std::string::npos);
}

TEST(XmlConversionErrors, ControlCharacterRefused) {
  EXPECT_EQ(refused("<d>a\x01</d>").offset, 4u);
  EXPECT_EQ(refused(std::string_view("<d>a\0b</d>", 10)).offset, 4u);
}

TEST(XmlConversionErrors, OtherEncodingRefused) {
  const XmlConversion conversion = refused("<?xml version='1.0' encoding='ISO-8859-1'?><d/>");
  EXPECT_NE(conversion.error.find("ISO-8859-1"), std::string::npos);
}

TEST(XmlConversionErrors, TwoRootElementsRefused) {
  const XmlConversion conversion = refused("<a/>\n<b/>");
  expect_at(conversion, 5, 2, 1);
  EXPECT_NE(conversion.error.find("more than one root"), std::string::npos);
}

TEST(XmlConversionErrors, TextOutsideRootRefused) {
  EXPECT_EQ(refused("<a/>tail").offset, 4u);
  EXPECT_EQ(refused("lead<a/>").offset, 0u);
}

TEST(XmlConversionErrors, LateXmlDeclarationRefused) {
  const XmlConversion conversion = refused("\n<?xml version='1.0'?><a/>");
  EXPECT_NE(conversion.error.find("declaration"), std::string::npos);
}

TEST(XmlConversionErrors, UndeclaredPrefixRefused) {
  const XmlConversion conversion = refused("<d>\n  <n0:case/></d>");
  expect_at(conversion, 6, 2, 3);
  EXPECT_NE(conversion.error.find("prefix 'n0' is not declared"), std::string::npos);
}

TEST(XmlConversionErrors, PrefixOutOfScopeRefused) {
  const XmlConversion conversion = refused("<d><a xmlns:p=\"urn:p\"/><p:b/></d>");
  EXPECT_EQ(conversion.offset, 23u);
}

TEST(XmlConversionErrors, DuplicateAttributeRefused) {
  const XmlConversion conversion = refused("<d a=\"1\" b=\"2\" a=\"3\"/>");
  EXPECT_EQ(conversion.offset, 15u);
  EXPECT_NE(conversion.error.find("'a' appears twice"), std::string::npos);
}

TEST(XmlConversionErrors, SameExpandedAttributeNameRefused) {
  refused(R"(<d xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>)");
}

TEST(XmlConversionErrors, TooDeepRefused) {
  std::string xml;
  for (int i = 0; i < 300; ++i) xml += "<e>";
  for (int i = 0; i < 300; ++i) xml += "</e>";
  const XmlConversion conversion = refused(xml);
  EXPECT_EQ(conversion.offset, 256u * 3);  // the 257th "<e>"
  EXPECT_NE(conversion.error.find("nested deeper than 256"), std::string::npos);
}

TEST(XmlConversionErrors, DepthLimitItselfAccepted) {
  std::string xml;
  for (int i = 0; i < 256; ++i) xml += "<e>";
  for (int i = 0; i < 256; ++i) xml += "</e>";
  EXPECT_TRUE(xml_element_tree_to_json(xml).ok);
}

}  // namespace
}  // namespace intake::test
