// InboxService::ingest with a real SQLite store: 202 and what is stored, duplicates, 400 with
// the quarantine, 415 after sniffing, 503 when the store cannot write.

#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "intake/common/ids.hpp"
#include "intake/ingest/dedupe_key.hpp"
#include "service_test_support.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

using IngestTest = InboxServiceTest;

std::vector<std::string> header_names(const StoredMessage& message) {
  std::vector<std::string> names;
  for (const Header& h : message.headers) names.push_back(h.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> stored_header(const StoredMessage& message, std::string_view name) {
  for (const Header& h : message.headers) {
    if (h.name == name) return h.value;
  }
  return std::nullopt;
}

TEST_F(IngestTest, AcceptedReplyShape) {
  const HttpReply reply =
      post("/inbox/open", R"({"id": "f-1"})", {{"content-type", "application/json"}});
  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(reply.content_type, "application/json");
  const json body = json::parse(reply.body);
  ASSERT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 3u) << reply.body;
  ASSERT_TRUE(body["id"].is_string());
  EXPECT_EQ(body["id"].get<std::string>().size(), 36u);  // a UUID
  EXPECT_EQ(body["inbox"], "open");
  EXPECT_EQ(body["duplicate"], false);
  EXPECT_EQ(reply.message_id, body["id"]);
  EXPECT_EQ(store_->count_messages(), 1);
}

TEST_F(IngestTest, IdsSortByArrival) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    const HttpReply reply = post("/inbox/open", "{\"n\": " + std::to_string(i) + "}",
                                 {{"content-type", "application/json"}});
    ASSERT_EQ(reply.status, 202);
    ids.push_back(json::parse(reply.body)["id"]);
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_F(IngestTest, StoredMessageKeepsEverything) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_form.xml");
  const HttpReply reply = send(
      make_head("POST",
                "/inbox/open/forms/visit%20one?app_id=a1b2&tag=x&tag=y&q=hello+world&r=x%20y&flag",
                {{"content-type", "text/xml"},
                 {"received-on", "2024-05-01T10:00:00.000000Z"},
                 {"server-modified-on", "2024-05-01T10:00:01.000000Z"},
                 {"user-agent", "CommCareHQ/1.0"},
                 {"authorization", "Basic c2VjcmV0OnNlY3JldA=="},
                 {"x-api-key", "secret"},
                 {"x-forwarded-for", "198.51.100.1"},
                 {"cookie", "session=abc"}},
                "192.0.2.44"),
      body);
  ASSERT_EQ(reply.status, 202) << reply.body;
  const std::string id = json::parse(reply.body)["id"];
  const std::optional<StoredMessage> stored = store_->find_message(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, id);
  EXPECT_EQ(stored->inbox, "open");
  EXPECT_EQ(stored->method, "POST");
  EXPECT_EQ(stored->body, body);  // byte for byte
  EXPECT_EQ(stored->content_type, "text/xml");
  EXPECT_EQ(stored->path_suffix, "forms/visit%20one");
  EXPECT_EQ(stored->query, "app_id=a1b2&tag=x&tag=y&q=hello+world&r=x%20y&flag");
  EXPECT_EQ(json::parse(stored->query_params_json), json({{"app_id", "a1b2"},
                                                          {"tag", {"x", "y"}},
                                                          {"q", "hello world"},
                                                          {"r", "x y"},
                                                          {"flag", ""}}));
  EXPECT_EQ(stored->remote_addr, "192.0.2.44");
  // Only the selected headers, never credentials or cookies.
  EXPECT_EQ(header_names(*stored), (std::vector<std::string>{"content-type", "received-on",
                                                             "server-modified-on", "user-agent"}));
  EXPECT_EQ(stored_header(*stored, "received-on"), "2024-05-01T10:00:00.000000Z");
  EXPECT_EQ(stored_header(*stored, "server-modified-on"), "2024-05-01T10:00:01.000000Z");
  EXPECT_EQ(stored_header(*stored, "user-agent"), "CommCareHQ/1.0");
  EXPECT_EQ(stored_header(*stored, "content-type"), "text/xml");
  // The JSON view of the XML form.
  const json view = json::parse(stored->json_view);
  EXPECT_EQ(view["form"]["@xmlns"],
            "http://openrosa.org/formdesigner/B9C4EB51-A7CC-49B5-B7D5-10E9F10B450B");
  EXPECT_EQ(view["form"]["@name"], "Untitled Form");
  const std::int64_t now = unix_millis_now();
  EXPECT_GT(stored->received_at_ms, now - 60'000);
  EXPECT_LE(stored->received_at_ms, now);
}

TEST_F(IngestTest, AbsentHeadersAndQueryStayEmpty) {
  const HttpReply reply = post("/inbox/open", "{}", {{"content-type", "application/json"}});
  ASSERT_EQ(reply.status, 202);
  const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(header_names(*stored), std::vector<std::string>{"content-type"});
  EXPECT_EQ(stored->path_suffix, "");
  EXPECT_EQ(stored->query, "");
  EXPECT_EQ(json::parse(stored->query_params_json), json::object());
}

TEST_F(IngestTest, QueryParamsDecoding) {
  const HttpReply reply = post("/inbox/open?a=1&a=2&a=3&b=%2B%26%3D&c+d=e%20f&e=&=v&u=%C3%A9", "{}",
                               {{"content-type", "application/json"}});
  ASSERT_EQ(reply.status, 202);
  const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(json::parse(stored->query_params_json), json({{"a", {"1", "2", "3"}},
                                                          {"b", "+&="},
                                                          {"c d", "e f"},
                                                          {"e", ""},
                                                          {"", "v"},
                                                          {"u", "\xc3\xa9"}}));
}

TEST_F(IngestTest, PutIsStoredWithItsMethod) {
  const HttpReply reply =
      post("/inbox/open", R"({"a": 1})", {{"content-type", "application/json"}}, "PUT");
  ASSERT_EQ(reply.status, 202);
  const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->method, "PUT");
}

TEST_F(IngestTest, DuplicateBodyGetsTheOriginalId) {
  const std::string body =
      read_file(fixtures_dir() / "openfn/commcare-case-patient.miraclefeet.json");
  const HeaderMap headers = {{"content-type", "application/json"}};
  const HttpReply first = post("/inbox/open?app_id=1", body, headers);
  const HttpReply second = post("/inbox/open?app_id=1", body, headers);
  ASSERT_EQ(first.status, 202);
  ASSERT_EQ(second.status, 202);
  const json a = json::parse(first.body);
  const json b = json::parse(second.body);
  EXPECT_EQ(a["duplicate"], false);
  EXPECT_EQ(b["duplicate"], true);
  EXPECT_EQ(b["id"], a["id"]);
  EXPECT_EQ(b["inbox"], "open");
  EXPECT_EQ(second.message_id, a["id"]);
  EXPECT_EQ(store_->count_messages(), 1);
  // The same body in another inbox is another message.
  const HttpReply elsewhere = post("/inbox/forms", body, headers);
  ASSERT_EQ(elsewhere.status, 202);
  EXPECT_EQ(json::parse(elsewhere.body)["duplicate"], false);
  EXPECT_EQ(store_->count_messages(), 2);
}

TEST_F(IngestTest, DedupeByPointersUsesTheInboxConfig) {
  const HeaderMap headers = {{"content-type", "application/json"}};
  const HttpReply first = post("/inbox/forms", R"({"id": "f-1", "received_on": "1"})", headers);
  const HttpReply resend = post("/inbox/forms", R"({"id": "f-1", "received_on": "2"})", headers);
  const HttpReply other = post("/inbox/forms", R"({"id": "f-2", "received_on": "1"})", headers);
  ASSERT_EQ(first.status, 202);
  EXPECT_EQ(json::parse(resend.body)["duplicate"], true);
  EXPECT_EQ(json::parse(resend.body)["id"], json::parse(first.body)["id"]);
  EXPECT_EQ(json::parse(other.body)["duplicate"], false);
  const auto stored = store_->find_message(json::parse(first.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->dedupe_key, dedupe_key({"/id"}, json::parse(stored->body), stored->body));
}

TEST_F(IngestTest, CaseSnapshotsDedupeOnCaseIdAndModificationTime) {
  const std::string body = read_file(fixtures_dir() / "commcare/forwarded_case.json");
  json later = json::parse(body);
  later["server_date_modified"] = "2012-04-06T00:00:00Z";
  const HeaderMap headers = {{"content-type", "application/json"}};
  const json first = json::parse(post("/inbox/cases", body, headers).body);
  const json reformatted =
      json::parse(post("/inbox/cases", json::parse(body).dump(2), headers).body);
  const json newer = json::parse(post("/inbox/cases", later.dump(), headers).body);
  EXPECT_EQ(first["duplicate"], false);
  EXPECT_EQ(reformatted["duplicate"], true);
  EXPECT_EQ(reformatted["id"], first["id"]);
  EXPECT_EQ(newer["duplicate"], false);
  EXPECT_NE(newer["id"], first["id"]);
}

TEST_F(IngestTest, MalformedJsonIs400AndQuarantined) {
  const std::string body = "{\n  \"a\": 1,\n  \"b\": @oops\n}\n";
  const HttpReply reply =
      send(make_head("POST", "/inbox/forms?app_id=1",
                     {{"content-type", "application/json; charset=utf-8"}}, "198.51.100.9"),
           body);
  ASSERT_EQ(reply.status, 400);
  const json error = json::parse(reply.body);
  EXPECT_EQ(error["error"], "malformed_json");
  EXPECT_EQ(error["line"], 3);
  EXPECT_EQ(error["column"], 8);
  EXPECT_EQ(error["offset"], 19);
  EXPECT_NE(error["message"].get<std::string>().find("malformed JSON"), std::string::npos);
  ASSERT_TRUE(error["quarantine_id"].is_string());
  EXPECT_EQ(store_->count_messages(), 0);

  const std::vector<QuarantinedBody> entries = wait_for_quarantine(1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, error["quarantine_id"]);
  EXPECT_EQ(entries[0].inbox, "forms");
  EXPECT_EQ(entries[0].body, body);
  EXPECT_EQ(entries[0].content_type, "application/json; charset=utf-8");
  EXPECT_EQ(entries[0].remote_addr, "198.51.100.9");
  EXPECT_NE(entries[0].error.find("malformed JSON"), std::string::npos);
  EXPECT_GT(entries[0].received_at_ms, 0);
}

TEST_F(IngestTest, MalformedXmlIs400AndQuarantined) {
  const std::string body = "<data xmlns=\"x\">\n  <a>1</b>\n</data>";
  const HttpReply reply = post("/inbox/open", body, {{"content-type", "text/xml"}});
  ASSERT_EQ(reply.status, 400);
  const json error = json::parse(reply.body);
  EXPECT_EQ(error["error"], "malformed_xml");
  EXPECT_EQ(error["line"], 2);
  const std::vector<QuarantinedBody> entries = wait_for_quarantine(1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].body, body);
  EXPECT_EQ(entries[0].content_type, "text/xml");
}

TEST_F(IngestTest, TextPlainIsAJsonString) {
  const HttpReply reply = post("/inbox/open", "app-1234", {{"content-type", "text/plain"}});
  ASSERT_EQ(reply.status, 202);
  const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(json::parse(stored->json_view), json("app-1234"));
  EXPECT_EQ(stored->body, "app-1234");
}

TEST_F(IngestTest, BinaryBodyIsKeptByteForByte) {
  const std::string body("id\0\xff\xfe\r\n-end", 11);
  const HttpReply reply = post("/inbox/open", body, {{"content-type", "text/plain"}});
  ASSERT_EQ(reply.status, 202);
  const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->body, body);
  EXPECT_NO_THROW(json::parse(stored->json_view));
}

TEST_F(IngestTest, WithoutContentTypeTheBodyIsSniffed) {
  HttpReply reply = post("/inbox/open", R"({"sniffed": true})");
  ASSERT_EQ(reply.status, 202) << reply.body;
  auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(json::parse(stored->json_view), json({{"sniffed", true}}));
  EXPECT_EQ(stored->content_type, "");

  reply = post("/inbox/open", "<data xmlns=\"urn:x\"><a>1</a></data>");
  ASSERT_EQ(reply.status, 202) << reply.body;
  stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(json::parse(stored->json_view)["form"]["@xmlns"], "urn:x");

  reply = post("/inbox/open", "neither json nor xml");
  EXPECT_EQ(reply.status, 415);
  EXPECT_EQ(json::parse(reply.body)["error"], "unsupported_media_type");
  EXPECT_EQ(store_->count_messages(), 2);
}

TEST_F(IngestTest, EveryFixtureIsStoredByteForByte) {
  struct Case {
    const char* file;
    const char* content_type;
  };
  for (const Case& c :
       {Case{"commcare/forwarded_form.xml", "text/xml"},
        Case{"commcare/forwarded_case.xml", "text/xml"},
        Case{"commcare/forwarded_case.json", "application/json"},
        Case{"openfn/commcare-form-log-visit-details.miraclefeet.json", "application/json"},
        Case{"openfn/commcare-location-clinic.miraclefeet.json", "application/json"},
        Case{"openfn/commcare-case-task-malaria.lwala.json", "application/json"}}) {
    const std::string body = read_file(fixtures_dir() / c.file);
    const HttpReply reply =
        post("/inbox/open?app_id=abc", body, {{"content-type", c.content_type}});
    ASSERT_EQ(reply.status, 202) << c.file << ": " << reply.body;
    const auto stored = store_->find_message(json::parse(reply.body)["id"].get<std::string>());
    ASSERT_TRUE(stored.has_value()) << c.file;
    EXPECT_EQ(stored->body, body) << c.file;
    EXPECT_NO_THROW(json::parse(stored->json_view)) << c.file;
  }
}

// A config whose server.retry_after is `retry_after` and which has the inbox "open".
ConfigPtr config_with_retry_after(std::string_view retry_after) {
  return std::make_shared<const Config>(load_config_text(
      "server:\n  retry_after: " + std::string(retry_after) + "\n" + std::string(kOneOpenInbox),
      "t.yaml"));
}

// Ingests `pending` with an empty JSON object; the unwritable store answers synchronously.
std::optional<HttpReply> ingest_now(InboxService& service,
                                    std::variant<HttpReply, PendingIngest> result,
                                    const RequestHead& head) {
  if (!std::holds_alternative<PendingIngest>(result)) {
    ADD_FAILURE() << "the request was not accepted";
    return std::nullopt;
  }
  std::optional<HttpReply> reply;
  service.ingest(std::get<PendingIngest>(std::move(result)), head, "{}",
                 [&reply](HttpReply r) { reply = std::move(r); });
  return reply;
}

TEST(IngestWithUnwritableStore, AnswersRetryable503WithRetryAfter) {
  UnwritableStore store;
  ConfigHolder holder(config_with_retry_after("45s"));
  InboxService service(holder, store);
  const RequestHead head = make_head("POST", "/inbox/open", {{"content-type", "application/json"}});
  const std::optional<HttpReply> reply = ingest_now(service, service.screen(head), head);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 503);
  EXPECT_EQ(reply_header(*reply, "retry-after"), "45");
  EXPECT_EQ(json::parse(reply->body)["error"], "store_unavailable");
  EXPECT_EQ(store.appended.size(), 1u);
}

TEST(IngestSnapshot, ARequestUsesTheConfigItWasScreenedWith) {
  UnwritableStore store;
  ConfigHolder holder(config_with_retry_after("7s"));
  InboxService service(holder, store);
  const RequestHead head = make_head("POST", "/inbox/open", {{"content-type", "application/json"}});
  auto result = service.screen(head);
  // The config is replaced between the headers and the body.
  holder.replace(std::make_shared<const Config>(
      load_config_text("server:\n  retry_after: 99s\ninboxes:\n  other:\n", "t2.yaml")));
  const std::optional<HttpReply> reply = ingest_now(service, std::move(result), head);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply_header(*reply, "retry-after"), "7");
  // New requests see the new config.
  auto next = service.screen(head);
  ASSERT_TRUE(std::holds_alternative<HttpReply>(next));
  EXPECT_EQ(std::get<HttpReply>(next).status, 404);
}

}  // namespace
}  // namespace intake::test
