// Every real XML/JSON pair in fixtures/commcare/xmljson: our output must equal HQ's.

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "support/fixtures.hpp"
#include "xml_test_helpers.hpp"

namespace intake::test {
namespace {

std::string xmljson_file(const std::string& name) {
  return read_file(fixtures_dir() / "commcare" / "xmljson" / name);
}

// The xml2json_* JSON files are the converter's raw output: no date step.
void expect_raw_pair(const std::string& stem) {
  SCOPED_TRACE(stem);
  const nlohmann::json expected = nlohmann::json::parse(xmljson_file(stem + ".json"));
  expect_same_json(tree_of(xmljson_file(stem + ".xml"), /*normalize_datetimes=*/false), expected);
}

// The hq_* JSON files are stored form documents: their "form" member is our form, date step on.
void expect_hq_pair(const std::string& xml_name, const std::string& json_name) {
  SCOPED_TRACE(xml_name);
  const nlohmann::json document = nlohmann::json::parse(xmljson_file(json_name));
  const XmlConversion conversion = xml_to_message_json(xmljson_file(xml_name));
  ASSERT_TRUE(conversion.ok) << conversion.error;
  ASSERT_TRUE(conversion.json.contains("form"));
  expect_same_json(conversion.json["form"], document.at("form"));
}

TEST(XmlFixturePairs, NamespacesOnlyWhereTheyChange) {
  expect_raw_pair("xml2json_namespaces");
  const nlohmann::json tree = tree_of(xmljson_file("xml2json_namespaces.xml"), false);
  EXPECT_EQ(tree["flat"]["@xmlns"], "http://commcarehq.org/test/flatns");
  EXPECT_FALSE(tree["parent"]["childwithelement"].contains("#text"));
}

TEST(XmlFixturePairs, CommentsRemovedRepeatsListedTrailingTextDropped) {
  expect_raw_pair("xml2json_comments");
  const nlohmann::json tree = tree_of(xmljson_file("xml2json_comments.xml"), false);
  EXPECT_EQ(tree["create"]["case_type"], nlohmann::json::array({"", ""}));
  EXPECT_EQ(tree["update"], "");
}

TEST(XmlFixturePairs, PlainFormWithEmptyElements) {
  expect_raw_pair("xml2json_meta");
  const nlohmann::json tree = tree_of(xmljson_file("xml2json_meta.xml"), false);
  EXPECT_EQ(tree["meta"]["timeStart"], "2010-07-22T13:54:27.971");
}

TEST(XmlFixturePairs, HqCloudantTemplateWithTimezones) {
  expect_hq_pair("hq_cloudant-template.xml", "hq_cloudant-template-tz.json");
}

TEST(XmlFixturePairs, HqMetaDictAppVersion) {
  expect_hq_pair("hq_meta_dict_appversion.xml", "hq_meta_dict_appversion-sql.json");
}

}  // namespace
}  // namespace intake::test
