// Plain HTTP requests and responses: methods, headers, bodies, statuses, keep-alive, bad input.
#include "http_client_fixture.hpp"
#include "intake/version.hpp"
#include "support/http_client.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {
namespace {

TEST_F(HttpClientTest, GetPassesStatusHeadersAndBody) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "hello").header("X-Reply", "yes"));
  HttpResult result = get(server.url("/path/x?a=1&b=%20two"));
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().status, 200);
  EXPECT_EQ(result.response().body, "hello");
  EXPECT_EQ(result.response().header("x-reply"), "yes");
  EXPECT_EQ(result.response().header("X-REPLY"), "yes");
  EXPECT_EQ(result.response().header("x-missing"), std::nullopt);

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/path/x?a=1&b=%20two");
  EXPECT_EQ(requests[0].header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(requests[0].header("user-agent"), std::string("intake/") + kVersion);
  EXPECT_FALSE(requests[0].has_header("content-length"));
  EXPECT_EQ(requests[0].body, "");
}

TEST_F(HttpClientTest, PostSendsHeadersAndBody) {
  TestHttpServer server;
  server.enqueue(Reply::text(201, R"({"id":7})").header("Content-Type", "application/json"));
  HttpRequest request;
  request.method = "POST";
  request.url = server.url("/cases");
  request.headers = {{"Content-Type", "application/json"},
                     {"Authorization", "Bearer token"},
                     {"X-Many", "1"},
                     {"X-Many", "2"}};
  request.body = R"({"name":"a"})";
  HttpResult result = send(request);
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().status, 201);
  EXPECT_EQ(result.response().body, R"({"id":7})");

  auto recorded = server.requests().at(0);
  EXPECT_EQ(recorded.method, "POST");
  EXPECT_EQ(recorded.body, request.body);
  EXPECT_EQ(recorded.header("content-length"), std::to_string(request.body.size()));
  EXPECT_EQ(recorded.header("content-type"), "application/json");
  EXPECT_EQ(recorded.header("authorization"), "Bearer token");
  int many = 0;
  for (const auto& [name, value] : recorded.headers) many += name == "X-Many";
  EXPECT_EQ(many, 2);
}

TEST_F(HttpClientTest, EmptyPostSendsContentLengthZeroAndUserAgentCanBeSet) {
  TestHttpServer server;
  HttpRequest request;
  request.method = "PUT";
  request.url = server.url("/x");
  request.headers = {{"User-Agent", "custom/1"}, {"Host", "evil.example"}, {"Content-Length", "9"}};
  ASSERT_TRUE(send(request).ok());
  auto recorded = server.requests().at(0);
  EXPECT_EQ(recorded.header("content-length"), "0");
  EXPECT_EQ(recorded.header("user-agent"), "custom/1");
  EXPECT_EQ(recorded.header("host"), "127.0.0.1:" + std::to_string(server.port()));
}

TEST_F(HttpClientTest, ErrorStatusesAreResponses) {
  TestHttpServer server;
  for (int status : {400, 404, 429, 500, 503}) {
    server.enqueue(Reply::text(status, "status " + std::to_string(status)));
    HttpResult result = get(server.url());
    ASSERT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(result.response().status, status);
    EXPECT_EQ(result.response().body, "status " + std::to_string(status));
  }
}

TEST_F(HttpClientTest, KeepAliveReusesOneConnection) {
  TestHttpServer server;
  for (int i = 0; i < 5; ++i) {
    HttpResult result = get(server.url("/" + std::to_string(i)));
    ASSERT_TRUE(result.ok()) << describe(result);
  }
  EXPECT_EQ(server.request_count(), 5u);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(HttpClientTest, ConnectionClosedByTheServerIsNotReused) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "first"));
  Reply closing = Reply::text(200, "bye");
  closing.close_after = true;
  server.enqueue(closing);
  ASSERT_TRUE(get(server.url()).ok());
  ASSERT_TRUE(get(server.url()).ok());
  HttpResult third = get(server.url());
  ASSERT_TRUE(third.ok()) << describe(third);
  EXPECT_EQ(server.connection_count(), 2u);
  auto requests = server.requests();
  EXPECT_EQ(requests[1].connection, 1u);
  EXPECT_EQ(requests[2].connection, 2u);
}

TEST_F(HttpClientTest, RequestConnectionCloseIsHonoured) {
  TestHttpServer server;
  HttpRequest request;
  request.url = server.url();
  request.headers = {{"Connection", "close"}};
  ASSERT_TRUE(send(request).ok());
  ASSERT_TRUE(send(request).ok());
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(HttpClientTest, HeadHasNoBodyAndKeepsTheConnectionUsable) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "a body the HEAD reply only announces"));
  HttpRequest head;
  head.method = "HEAD";
  head.url = server.url();
  HttpResult result = send(head);
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().body, "");
  EXPECT_EQ(result.response().header("content-length"), "36");
  ASSERT_TRUE(get(server.url()).ok());
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(HttpClientTest, BadUrlsAreRefusedWithoutEchoingThem) {
  for (const std::string url :
       {"", "not a url", "ftp://127.0.0.1/", "/relative/path", "http://user:s3cret@127.0.0.1/",
        "http://127.0.0.1:99999/", "http://127.0.0.1:0/", "http:///nohost"}) {
    HttpResult result = get(url);
    ASSERT_FALSE(result.ok()) << url;
    EXPECT_EQ(result.error().kind, HttpErrorKind::bad_url) << url << ": " << describe(result);
    EXPECT_EQ(result.error().message.find("s3cret"), std::string::npos);
  }
}

TEST_F(HttpClientTest, HeaderInjectionAndBadMethodsAreRefused) {
  TestHttpServer server;
  HttpRequest request;
  request.url = server.url();
  request.headers = {{"X-Name", "value\r\nX-Injected: yes"}};
  HttpResult result = send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::bad_request) << describe(result);

  request.headers = {{"Bad Name", "v"}};
  EXPECT_EQ(send(request).error().kind, HttpErrorKind::bad_request);

  request.headers.clear();
  request.method = "GE T";
  EXPECT_EQ(send(request).error().kind, HttpErrorKind::bad_request);
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpClientTest, ConnectionRefusedNamesHostAndPort) {
  const std::uint16_t port = test::free_port();
  HttpResult result = get("http://127.0.0.1:" + std::to_string(port) + "/secret-path?token=x");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::connect) << describe(result);
  EXPECT_NE(result.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_EQ(result.error().message.find("secret-path"), std::string::npos);
  EXPECT_EQ(result.error().message.find("token"), std::string::npos);
}

TEST_F(HttpClientTest, HostNamesAreResolved) {
  TestHttpServer server;
  HttpResult result = get("http://localhost:" + std::to_string(server.port()) + "/");
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(server.requests().at(0).header("host"), "localhost:" + std::to_string(server.port()));
}

TEST_F(HttpClientTest, ServerClosingWithoutAnswerIsConnectionLost) {
  TestHttpServer server;
  server.enqueue(Reply::close());
  HttpResult result = get(server.url());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::connection_lost) << describe(result);
  EXPECT_EQ(server.request_count(), 1u) << "a fresh connection is not retried";
}

TEST_F(HttpClientTest, StalePooledConnectionIsRetriedOnceOnAFreshOne) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "first"));
  server.enqueue(Reply::close());  // the pooled connection dies before answering
  server.enqueue(Reply::text(200, "second"));
  ASSERT_TRUE(get(server.url()).ok());
  HttpRequest post;
  post.method = "POST";
  post.url = server.url();
  post.body = "payload";
  HttpResult result = send(post);
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().body, "second");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].body, "payload");
  EXPECT_EQ(requests[2].connection, 2u);
}

TEST_F(HttpClientTest, StaleRetryHappensOnlyOnce) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "first"));
  server.enqueue(Reply::close(), 2);
  ASSERT_TRUE(get(server.url()).ok());
  HttpResult result = get(server.url());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::connection_lost);
  EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(HttpClientTest, GarbageResponseIsAProtocolError) {
  TestHttpServer server;
  server.enqueue(Reply::raw_bytes("HTTP/1.1 ABC nonsense\r\n\r\n"));
  HttpResult result = get(server.url());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::protocol) << describe(result);
}

TEST_F(HttpClientTest, TruncatedBodyIsConnectionLost) {
  TestHttpServer server;
  server.enqueue(Reply::raw_bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"));
  HttpResult result = get(server.url());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::connection_lost) << describe(result);
}

TEST_F(HttpClientTest, BodyUntilCloseIsReadWhole) {
  TestHttpServer server;
  server.enqueue(Reply::raw_bytes("HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nuntil the end"));
  HttpResult result = get(server.url());
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().body, "until the end");
  ASSERT_TRUE(get(server.url()).ok());
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(HttpClientTest, InterimResponsesAreSkipped) {
  TestHttpServer server;
  server.enqueue(
      Reply::raw_bytes("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                       "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nreal"));
  HttpResult result = get(server.url());
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().status, 200);
  EXPECT_EQ(result.response().body, "real");
}

}  // namespace
}  // namespace intake::adaptors::http_client_test
