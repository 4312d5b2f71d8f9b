// Every real payload posted the way CommCare HQ posts it is accepted and stored byte for byte.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <pugixml.hpp>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

const char* kConfig = R"(
inboxes:
  commcare: {}
)";

struct ForwardedPayload {
  std::string file;          // relative to the fixtures dir
  std::string content_type;  // as HQ sends it
  std::string timestamp_header;
};

std::vector<ForwardedPayload> all_payloads() {
  return {
      {"commcare/forwarded_form.xml", "text/xml", "received-on"},
      {"commcare/forwarded_case.xml", "text/xml", "server-modified-on"},
      {"commcare/forwarded_case.json", "application/json", "server-modified-on"},
      {"commcare/form_v1_list_response.json", "application/json", "received-on"},
      {"commcare/case_v2_bulk_post_request.json", "application/json", "server-modified-on"},
      {"commcare/xmljson/hq_cloudant-template.xml", "text/xml", "received-on"},
      {"commcare/xmljson/hq_meta_dict_appversion.xml", "text/xml", "received-on"},
      {"commcare/xmljson/xml2json_comments.xml", "text/xml", "received-on"},
      {"commcare/xmljson/xml2json_meta.xml", "text/xml", "received-on"},
      {"commcare/xmljson/xml2json_namespaces.xml", "text/xml", "received-on"},
      {"openfn/commcare-form-log-visit-details.miraclefeet.json", "application/json", "received-on"},
      {"openfn/commcare-case-patient.miraclefeet.json", "application/json", "server-modified-on"},
      {"openfn/commcare-case-task-malaria.lwala.json", "application/json", "server-modified-on"},
      {"openfn/commcare-location-clinic.miraclefeet.json", "application/json", ""},
      {"openfn/message-filter-cases.json", "application/json", ""},
      {"openfn/lightning-trigger-edges.miraclefeet-lwala.json", "application/json", ""},
  };
}

TEST(FixturesIngest, EveryRealPayloadIsAcceptedAndStoredByteForByte) {
  RunningServer server(kConfig);
  for (const auto& payload : all_payloads()) {
    SCOPED_TRACE(payload.file);
    const std::string body = read_file(fixtures_dir() / payload.file);
    ASSERT_FALSE(body.empty());
    std::map<std::string, std::string> headers = {{"Content-Type", payload.content_type},
                                                  {"User-Agent", "python-requests/2.31.0"}};
    if (!payload.timestamp_header.empty()) {
      headers[payload.timestamp_header] = "2024-05-01T10:20:30.123456Z";
    }
    auto result = http_request(server.port(), "POST",
                               "/inbox/commcare?app_id=cedf746aedd34c8fa559da17df52e20d", headers,
                               body);
    ASSERT_EQ(result.status, 202) << result.body;
    auto reply = nlohmann::json::parse(result.body);
    EXPECT_EQ(reply["inbox"], "commcare");
    EXPECT_EQ(reply["duplicate"], false);
    const std::string id = reply["id"];

    auto stored = server.store().find_message(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->body, body);  // byte for byte
    EXPECT_EQ(stored->content_type, payload.content_type);
    EXPECT_EQ(stored->query, "app_id=cedf746aedd34c8fa559da17df52e20d");
    EXPECT_EQ(nlohmann::json::parse(stored->query_params_json),
              nlohmann::json({{"app_id", "cedf746aedd34c8fa559da17df52e20d"}}));
    EXPECT_EQ(stored->remote_addr, "127.0.0.1");
    EXPECT_EQ(stored->method, "POST");
    bool saw_timestamp = payload.timestamp_header.empty();
    for (const auto& header : stored->headers) {
      if (header.name == payload.timestamp_header) {
        EXPECT_EQ(header.value, "2024-05-01T10:20:30.123456Z");
        saw_timestamp = true;
      }
    }
    EXPECT_TRUE(saw_timestamp);
    auto view = nlohmann::json::parse(stored->json_view);
    if (payload.content_type == "application/json") {
      EXPECT_EQ(view, nlohmann::json::parse(body));
    } else {
      EXPECT_TRUE(view.contains("form") || view.contains("case")) << stored->json_view;
    }
  }
}

// One filter such as {"form": {"@xmlns": ...}} must match a form forwarded as XML or JSON.
TEST(FixturesIngest, XmlFormViewCarriesTheSameXmlnsAndNameAsTheXml) {
  RunningServer server(kConfig);
  const std::string xml = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  auto result = http_request(server.port(), "POST", "/inbox/commcare?app_id=abc",
                             {{"Content-Type", "text/xml"}}, xml);
  ASSERT_EQ(result.status, 202) << result.body;
  auto stored = server.store().find_message(nlohmann::json::parse(result.body)["id"].get<std::string>());
  ASSERT_TRUE(stored);
  auto view = nlohmann::json::parse(stored->json_view);

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto root = doc.document_element();
  EXPECT_EQ(view["form"]["@xmlns"], root.attribute("xmlns").value());
  EXPECT_EQ(view["form"]["@name"], root.attribute("name").value());
  EXPECT_EQ(view["form"]["#type"], "data");
  EXPECT_EQ(view["form"]["meta"]["instanceID"], "afcb3026-c4b3-463f-85ec-0cb9a2737fc5");
}

TEST(FixturesIngest, XmlCaseBecomesACaseView) {
  RunningServer server(kConfig);
  const std::string xml = read_file(fixtures_dir() / "commcare/forwarded_case.xml");
  auto result = http_request(server.port(), "POST", "/inbox/commcare",
                             {{"Content-Type", "text/xml"}, {"server-modified-on", "2015-04-17T20:04:54Z"}}, xml);
  ASSERT_EQ(result.status, 202) << result.body;
  auto stored = server.store().find_message(nlohmann::json::parse(result.body)["id"].get<std::string>());
  ASSERT_TRUE(stored);
  auto view = nlohmann::json::parse(stored->json_view);
  EXPECT_EQ(view["case"]["@case_id"], "b0916685-7247-4c44-b712-633d3d64e0c0");
  EXPECT_EQ(view["case"]["create"]["case_type"], "mscase");
}

TEST(FixturesIngest, PlainTextAppIdIsKeptAsAJsonString) {
  RunningServer server(kConfig);
  auto result = http_request(server.port(), "POST", "/inbox/commcare",
                             {{"Content-Type", "text/plain"}}, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(result.status, 202) << result.body;
  auto stored = server.store().find_message(nlohmann::json::parse(result.body)["id"].get<std::string>());
  ASSERT_TRUE(stored);
  EXPECT_EQ(nlohmann::json::parse(stored->json_view), "0123456789abcdef0123456789abcdef");
}

TEST(FixturesIngest, PathSuffixQueryAndPutAreKept) {
  RunningServer server(kConfig);
  auto result = http_request(server.port(), "PUT",
                             "/inbox/commcare/forms/registration%20v2?app_id=a1&tag=x&tag=y+z",
                             {{"Content-Type", "application/json"}}, R"({"id":"f-1"})");
  ASSERT_EQ(result.status, 202) << result.body;
  auto stored = server.store().find_message(nlohmann::json::parse(result.body)["id"].get<std::string>());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->method, "PUT");
  EXPECT_EQ(stored->path_suffix, "forms/registration%20v2");
  EXPECT_EQ(stored->query, "app_id=a1&tag=x&tag=y+z");
  EXPECT_EQ(nlohmann::json::parse(stored->query_params_json),
            nlohmann::json::parse(R"({"app_id":"a1","tag":["x","y z"]})"));
}

TEST(FixturesIngest, IdsSortByArrivalTime) {
  RunningServer server(kConfig);
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto result = http_request(server.port(), "POST", "/inbox/commcare",
                               {{"Content-Type", "application/json"}},
                               R"({"n":)" + std::to_string(i) + "}");
    ASSERT_EQ(result.status, 202);
    ids.push_back(nlohmann::json::parse(result.body)["id"]);
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

}  // namespace
}  // namespace intake::test
