// The forwarded form and case samples: the message view wraps a form in "form" and CaseXML in
// "case".

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.hpp"
#include "xml_test_helpers.hpp"

namespace intake::test {
namespace {

nlohmann::json message_of(const std::string& name) {
  const XmlConversion conversion =
      xml_to_message_json(read_file(fixtures_dir() / "commcare" / name));
  EXPECT_TRUE(conversion.ok) << conversion.error;
  return conversion.json;
}

TEST(XmlForwardedMessages, FormBecomesFormMember) {
  const nlohmann::json message = message_of("forwarded_form.xml");
  ASSERT_EQ(message.size(), 1u);
  const nlohmann::json& form = message.at("form");
  EXPECT_EQ(form["#type"], "data");
  EXPECT_EQ(form["@xmlns"],
            "http://openrosa.org/formdesigner/B9C4EB51-A7CC-49B5-B7D5-10E9F10B450B");
  EXPECT_EQ(form["@name"], "Untitled Form");
  EXPECT_EQ(form["@version"], "10");
  EXPECT_EQ(form["@uiVersion"], "1");
  EXPECT_FALSE(form.contains("@jrm"));  // namespace declarations are not attributes
  EXPECT_EQ(form["question1"], "Trees");
}

TEST(XmlForwardedMessages, FormCaseBlockKeepsAttributesAndNamespace) {
  const nlohmann::json form = message_of("forwarded_form.xml").at("form");
  const nlohmann::json& block = form.at("case");
  EXPECT_EQ(block["@case_id"], "b0916685-7247-4c44-b712-633d3d64e0c0");
  EXPECT_EQ(block["@user_id"], "d0e472a6b36dfd3ee5059222e12b8c1b");
  EXPECT_EQ(block["@xmlns"], "http://commcarehq.org/case/transaction/v2");
  // -04 offset moved to UTC by HQ's date step.
  EXPECT_EQ(block["@date_modified"], "2015-04-17T20:04:54.950000Z");
  EXPECT_EQ(block["create"], (nlohmann::json{{"case_name", "Trees"},
                                             {"owner_id", "d0e472a6b36dfd3ee5059222e12b8c1b"},
                                             {"case_type", "mscase"}}));
}

TEST(XmlForwardedMessages, FormMeta) {
  const nlohmann::json meta = message_of("forwarded_form.xml").at("form").at("meta");
  EXPECT_EQ(meta["@xmlns"], "http://openrosa.org/jr/xforms");
  EXPECT_EQ(meta["instanceID"], "afcb3026-c4b3-463f-85ec-0cb9a2737fc5");
  EXPECT_EQ(meta["deviceID"], "990005013558458");
  EXPECT_EQ(meta["username"], "danny");
  EXPECT_EQ(meta["timeStart"], "2015-04-17T20:04:42.383000Z");
  EXPECT_EQ(meta["timeEnd"], "2015-04-17T20:04:54.950000Z");
  EXPECT_EQ(meta["appVersion"]["@xmlns"], "http://commcarehq.org/xforms");
  EXPECT_EQ(meta["appVersion"]["#text"],
            "CommCare ODK, version \"2.19.8\"(350848). App v10. CommCare Version 2.19. Build 1000, "
            "built on: January-22-2015");
}

TEST(XmlForwardedMessages, CaseXmlBecomesCaseMember) {
  const nlohmann::json message = message_of("forwarded_case.xml");
  ASSERT_EQ(message.size(), 1u);
  const nlohmann::json expected = {{"#type", "case"},
                                   {"@case_id", "b0916685-7247-4c44-b712-633d3d64e0c0"},
                                   {"@date_modified", "2015-04-17T16:04:54.950000Z"},
                                   {"@user_id", "d0e472a6b36dfd3ee5059222e12b8c1b"},
                                   {"@xmlns", "http://commcarehq.org/case/transaction/v2"},
                                   {"create",
                                    {{"case_type", "mscase"},
                                     {"case_name", "Trees"},
                                     {"owner_id", "d0e472a6b36dfd3ee5059222e12b8c1b"}}}};
  expect_same_json(message.at("case"), expected);
}

TEST(XmlForwardedMessages, CaseRootInOtherNamespaceIsAForm) {
  const XmlConversion conversion =
      xml_to_message_json("<case xmlns=\"http://example.org/other\" case_id=\"x\"/>");
  ASSERT_TRUE(conversion.ok) << conversion.error;
  EXPECT_FALSE(conversion.json.contains("case"));
  EXPECT_EQ(conversion.json.at("form").at("#type"), "case");
  EXPECT_EQ(conversion.json.at("form").at("@case_id"), "x");
}

TEST(XmlForwardedMessages, FailureCarriesErrorAndNoJson) {
  const XmlConversion conversion = xml_to_message_json("<data><a></data>");
  EXPECT_FALSE(conversion.ok);
  EXPECT_TRUE(conversion.json.is_null());
  EXPECT_FALSE(conversion.error.empty());
}

}  // namespace
}  // namespace intake::test
