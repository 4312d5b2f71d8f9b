// Content types and body decoding: JSON (errors with position, duplicate keys), XML, text.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "intake/ingest/body_decoder.hpp"
#include "support/fixtures.hpp"

namespace intake::test {
namespace {

TEST(ClassifyContentType, Json) {
  for (const char* type : {"application/json", "application/json; charset=utf-8",
                           "Application/JSON;charset=UTF-8", "  application/json  ; q=1",
                           "text/json", "application/vnd.api+json", "application/ld+json"}) {
    EXPECT_EQ(classify_content_type(type, "not even json"), BodyFormat::json) << type;
  }
}

TEST(ClassifyContentType, Xml) {
  for (const char* type : {"text/xml", "text/xml; charset=utf-8", "application/xml",
                           "APPLICATION/XML", "application/atom+xml", "application/soap+xml"}) {
    EXPECT_EQ(classify_content_type(type, "{}"), BodyFormat::xml) << type;
  }
}

TEST(ClassifyContentType, Text) {
  EXPECT_EQ(classify_content_type("text/plain", "abc"), BodyFormat::text);
  EXPECT_EQ(classify_content_type("text/plain; charset=utf-8", "{}"), BodyFormat::text);
  EXPECT_EQ(classify_content_type("TEXT/PLAIN", ""), BodyFormat::text);
}

TEST(ClassifyContentType, OthersAreUnsupported) {
  for (const char* type : {"application/octet-stream", "multipart/form-data; boundary=x",
                           "application/x-www-form-urlencoded", "text/html", "image/png",
                           "application/jsonp", "text/xml2", "json", "application/json5"}) {
    EXPECT_EQ(classify_content_type(type, "{}"), BodyFormat::unsupported) << type;
  }
}

TEST(ClassifyContentType, MissingContentTypeSniffsTheBody) {
  EXPECT_EQ(classify_content_type("", R"({"a": 1})"), BodyFormat::json);
  EXPECT_EQ(classify_content_type("", "[1, 2]"), BodyFormat::json);
  EXPECT_EQ(classify_content_type("", "42"), BodyFormat::json);
  EXPECT_EQ(classify_content_type("", "<data/>"), BodyFormat::xml);
  EXPECT_EQ(classify_content_type("", "\n  <?xml version='1.0'?><data/>"), BodyFormat::xml);
  EXPECT_EQ(classify_content_type("", "<not really xml"), BodyFormat::xml);  // decoding says so
  EXPECT_EQ(classify_content_type("", "just words"), BodyFormat::unsupported);
  EXPECT_EQ(classify_content_type("", R"({"a": )"), BodyFormat::unsupported);
  EXPECT_EQ(classify_content_type("", ""), BodyFormat::unsupported);
  EXPECT_EQ(classify_content_type("  ; charset=utf-8", "{}"), BodyFormat::json);
}

TEST(DecodeJson, AnyJsonValue) {
  for (const char* body : {R"({"a": [1, 2, {"b": null}]})", "[]", "42", "-1.5e3", "\"s\"", "true",
                           "null", "  {}  \n"}) {
    const DecodedBody decoded = decode_body(BodyFormat::json, body);
    EXPECT_TRUE(decoded.ok) << body;
    EXPECT_EQ(decoded.view, nlohmann::json::parse(body)) << body;
    EXPECT_TRUE(decoded.error.empty());
  }
}

TEST(DecodeJson, ErrorPositionOnAMultiLineBody) {
  const std::string body =
      "{\n"               // offsets 0-1
      "  \"a\": 1,\n"     // 2-11
      "  \"b\": @oops\n"  // 12-: '@' is at offset 19, line 3, column 8
      "}\n";
  const DecodedBody decoded = decode_body(BodyFormat::json, body);
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.offset, 19u);
  EXPECT_EQ(decoded.line, 3u);
  EXPECT_EQ(decoded.column, 8u);
  EXPECT_EQ(decoded.error.rfind("malformed JSON: ", 0), 0u) << decoded.error;
  EXPECT_EQ(decoded.error.find("[json.exception"), std::string::npos) << decoded.error;
}

TEST(DecodeJson, ErrorAtAMissingCommaPointsAtTheLastByteOfTheUnexpectedToken) {
  const std::string body =
      "{\n"           // 0-1
      "  \"a\": 1\n"  // 2-10
      "  \"b\": 2\n"  // "b" spans offsets 13-15 (line 3, columns 3-5)
      "}";
  const DecodedBody decoded = decode_body(BodyFormat::json, body);
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.offset, 15u);
  EXPECT_EQ(decoded.line, 3u);
  EXPECT_EQ(decoded.column, 5u);
  EXPECT_NE(decoded.error.find("unexpected string literal"), std::string::npos) << decoded.error;
}

TEST(DecodeJson, ErrorAtTheEndOfATruncatedBody) {
  const std::string body = "{\n  \"a\": [1,\n";  // 13 bytes: the end is line 3, column 1
  const DecodedBody decoded = decode_body(BodyFormat::json, body);
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.offset, body.size());
  EXPECT_EQ(decoded.line, 3u);
  EXPECT_EQ(decoded.column, 1u);
}

TEST(DecodeJson, TrailingGarbage) {
  const DecodedBody decoded = decode_body(BodyFormat::json, "{}\n}");
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.offset, 3u);
  EXPECT_EQ(decoded.line, 2u);
  EXPECT_EQ(decoded.column, 1u);
}

TEST(DecodeJson, EmptyBodyIsMalformed) {
  const DecodedBody decoded = decode_body(BodyFormat::json, "");
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.offset, 0u);
  EXPECT_EQ(decoded.line, 1u);
  EXPECT_EQ(decoded.column, 1u);
}

TEST(DecodeJson, DuplicateKeysKeepTheLast) {
  const DecodedBody decoded =
      decode_body(BodyFormat::json, R"({"id": "first", "n": {"x": 1, "x": 2}, "id": "last"})");
  ASSERT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.view, nlohmann::json::parse(R"({"id": "last", "n": {"x": 2}})"));
}

TEST(DecodeXml, ForwardedFormKeepsXmlnsAndName) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  const DecodedBody decoded = decode_body(BodyFormat::xml, body);
  ASSERT_TRUE(decoded.ok) << decoded.error;
  const nlohmann::json& form = decoded.view.at("form");
  EXPECT_EQ(form.at("@xmlns"),
            "http://openrosa.org/formdesigner/B9C4EB51-A7CC-49B5-B7D5-10E9F10B450B");
  EXPECT_EQ(form.at("@name"), "Untitled Form");
  EXPECT_EQ(form.at("#type"), "data");
  EXPECT_EQ(form.at("question1"), "Trees");
  EXPECT_EQ(form.at("meta").at("instanceID"), "afcb3026-c4b3-463f-85ec-0cb9a2737fc5");
}

TEST(DecodeXml, ForwardedCase) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_case.xml");
  const DecodedBody decoded = decode_body(BodyFormat::xml, body);
  ASSERT_TRUE(decoded.ok) << decoded.error;
  ASSERT_TRUE(decoded.view.contains("case")) << decoded.view.dump();
  EXPECT_FALSE(decoded.view.contains("form"));
  const nlohmann::json& c = decoded.view.at("case");
  EXPECT_EQ(c.at("@case_id"), "b0916685-7247-4c44-b712-633d3d64e0c0");
  EXPECT_EQ(c.at("@user_id"), "d0e472a6b36dfd3ee5059222e12b8c1b");
  EXPECT_EQ(c.at("create").at("case_type"), "mscase");
  EXPECT_EQ(c.at("create").at("case_name"), "Trees");
}

TEST(DecodeXml, MalformedXmlHasAPosition) {
  const DecodedBody decoded = decode_body(BodyFormat::xml, "<data>\n  <a>1</b>\n</data>");
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.error.rfind("malformed XML: ", 0), 0u) << decoded.error;
  EXPECT_EQ(decoded.line, 2u);
  EXPECT_GT(decoded.column, 0u);
}

TEST(DecodeText, KeptAsAJsonString) {
  DecodedBody decoded = decode_body(BodyFormat::text, "a1b2c3-app-id");
  ASSERT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.view, nlohmann::json("a1b2c3-app-id"));
  decoded = decode_body(BodyFormat::text, "{\"looks\": \"like json\"}");
  ASSERT_TRUE(decoded.ok);
  EXPECT_TRUE(decoded.view.is_string());
  decoded = decode_body(BodyFormat::text, "");
  ASSERT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.view, nlohmann::json(""));
}

TEST(DecodeText, InvalidUtf8StillDecodes) {
  const DecodedBody decoded = decode_body(BodyFormat::text, "id-\xff\xfe");
  ASSERT_TRUE(decoded.ok);
  EXPECT_NO_THROW(decoded.view.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST(DecodeUnsupported, IsAnError) {
  const DecodedBody decoded = decode_body(BodyFormat::unsupported, "{}");
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.error, "unsupported content type");
}

TEST(LocateOffset, LinesAndColumns) {
  std::size_t line = 0, column = 0;
  locate_offset("ab\ncd\n\nef", 0, line, column);
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(column, 1u);
  locate_offset("ab\ncd\n\nef", 2, line, column);  // the first '\n'
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(column, 3u);
  locate_offset("ab\ncd\n\nef", 3, line, column);
  EXPECT_EQ(line, 2u);
  EXPECT_EQ(column, 1u);
  locate_offset("ab\ncd\n\nef", 8, line, column);
  EXPECT_EQ(line, 4u);
  EXPECT_EQ(column, 2u);
  locate_offset("ab", 100, line, column);  // clamped to the end
  EXPECT_EQ(line, 1u);
  EXPECT_EQ(column, 3u);
}

}  // namespace
TEST(ValidateJson, AValidBodyIsAcceptedWithoutBuildingAView) {
  const DecodedBody checked = validate_body(BodyFormat::json, R"({"case_id": "c1", "n": [1, 2]})");
  EXPECT_TRUE(checked.ok);
  EXPECT_TRUE(checked.view.is_null());
}

TEST(ValidateJson, AMalformedBodyGetsTheSameErrorAsDecoding) {
  for (const std::string body : {std::string("{\n  \"a\": 1\n  \"b\": 2\n}"), std::string("{}\n}"),
                                 std::string(""), std::string(300, '[')}) {
    const DecodedBody checked = validate_body(BodyFormat::json, body);
    const DecodedBody decoded = decode_body(BodyFormat::json, body);
    EXPECT_FALSE(checked.ok) << body;
    EXPECT_EQ(checked.error, decoded.error) << body;
    EXPECT_EQ(checked.offset, decoded.offset) << body;
    EXPECT_EQ(checked.line, decoded.line) << body;
  }
}

// validate_body takes a fast path (simdjson) before the full parser: both must give the same
// verdict on every body, including the corners where JSON parsers tend to differ.
TEST(ValidateJson, AgreesWithTheFullParserOnEveryCorner) {
  std::vector<std::string> bodies = {"{}",
                                     "[]",
                                     "1",
                                     "-0",
                                     "\"s\"",
                                     "null",
                                     "true",
                                     " \t\r\n{} \n",
                                     "{} {}",
                                     "{},",
                                     "[1,]",
                                     "{\"a\":1,}",
                                     "{'a':1}",
                                     "// c\n{}",
                                     "/* c */{}",
                                     "NaN",
                                     "[Infinity]",
                                     "01",
                                     "1.",
                                     ".5",
                                     "1e400",
                                     "-1e400",
                                     "123456789012345678901234567890",
                                     "18446744073709551616",
                                     "-9223372036854775809",
                                     "1.7976931348623157e308",
                                     "4.9e-324",
                                     "[1e-400]",
                                     "\"\\ud800\"",
                                     "\"\\udc00\"",
                                     "\"\\ud83d\\ude00\"",
                                     "\"\\ud83d\\u0041\"",
                                     "\"\\u00e9\"",
                                     "\"\\x41\"",
                                     "\"\\/\"",
                                     "\"a\tb\"",
                                     std::string("\"a\0b\"", 5),
                                     std::string("{}\0", 3),
                                     "\"\xc3\xa9\"",
                                     "\"\xff\"",
                                     "\"\xc0\xaf\"",
                                     "\"\xed\xa0\x80\"",
                                     "\"\xf4\x90\x80\x80\"",
                                     "\xef\xbb\xbf{}",
                                     "{\"a\":1,\"a\":2}",
                                     "{\"a\" 1}",
                                     "[\"unterminated]",
                                     "tru",
                                     "nul",
                                     "",
                                     "   ",
                                     "{\"k\":[{\"x\":[[[]]]}]}"};
  bodies.push_back(std::string(256, '[') + std::string(256, ']'));
  bodies.push_back(std::string(257, '[') + std::string(257, ']'));
  bodies.push_back(std::string(255, '[') + "{\"a\":1}" + std::string(255, ']'));
  bodies.push_back(std::string(256, '[') + "{\"a\":1}" + std::string(256, ']'));
  std::string big = "[";  // beyond the fast path's size bound: the full parser alone decides
  while (big.size() < 300 * 1024) big += "{\"case_id\":\"c\",\"n\":12345},";
  bodies.push_back(big + "1]");
  bodies.push_back(big + "]");
  for (const char* folder : {"commcare", "openfn"}) {
    for (const auto& entry : std::filesystem::directory_iterator(fixtures_dir() / folder)) {
      if (entry.path().extension() == ".json") bodies.push_back(read_file(entry.path()));
    }
  }
  for (const std::string& body : bodies) {
    const DecodedBody checked = validate_body(BodyFormat::json, body);
    const DecodedBody decoded = decode_body(BodyFormat::json, body);
    EXPECT_EQ(checked.ok, decoded.ok) << body.substr(0, 80);
    EXPECT_EQ(checked.error, decoded.error) << body.substr(0, 80);
  }
}

TEST(DecodeJson, ANumberBeyondADoubleIsRefusedWithItsPlace) {
  const std::string body = "{\n  \"weight\": 1e400\n}";
  for (const DecodedBody& result :
       {decode_body(BodyFormat::json, body), validate_body(BodyFormat::json, body)}) {
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.error,
              "malformed JSON: the number 1e400 is beyond the range of a double (about 1.8e308)");
    EXPECT_EQ(result.offset, body.find("1e400"));
    EXPECT_EQ(result.line, 2u);
    EXPECT_EQ(result.column, 13u);
  }
}

// nlohmann's parser stops at a NUL byte: what followed it was never looked at.
TEST(DecodeJson, ANulByteIsRefusedWhereverItIs) {
  for (const std::string body : {std::string("{\"id\":\"x\",\"n\":6}\0garbage }}} \xff[[", 30),
                                 std::string("{}\0", 3), std::string("{\"a\":\"b\0c\"}", 11)}) {
    for (const DecodedBody& result :
         {decode_body(BodyFormat::json, body), validate_body(BodyFormat::json, body)}) {
      EXPECT_FALSE(result.ok) << body;
      EXPECT_EQ(result.offset, body.find('\0'));
      EXPECT_NE(result.error.find("NUL byte"), std::string::npos) << result.error;
    }
  }
}

TEST(ValidateJson, ABodyTooDeepIsRefusedWithItsPlace) {
  const DecodedBody checked =
      validate_body(BodyFormat::json, std::string(257, '[') + std::string(257, ']'));
  EXPECT_FALSE(checked.ok);
  EXPECT_EQ(checked.offset, 256u);
  EXPECT_NE(checked.error.find("nested deeper than 256"), std::string::npos) << checked.error;
}

TEST(ValidateJson, OtherFormatsAreDecodedInFull) {
  const DecodedBody xml = validate_body(BodyFormat::xml, "<data xmlns=\"x\"><a>1</a></data>");
  ASSERT_TRUE(xml.ok) << xml.error;
  EXPECT_EQ(xml.view["form"]["a"], "1");
  EXPECT_EQ(validate_body(BodyFormat::text, "app-id").view, "app-id");
}

}  // namespace intake::test
