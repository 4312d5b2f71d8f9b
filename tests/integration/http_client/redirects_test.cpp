// Redirects: off by default, followed when asked (method rules, limit, credentials).
#include "http_client_fixture.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {
namespace {

TEST_F(HttpClientTest, RedirectsAreNotFollowedByDefault) {
  TestHttpServer server;
  server.enqueue(Reply::redirect(302, "/elsewhere"));
  HttpResult result = get(server.url("/start"));
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().status, 302);
  EXPECT_EQ(result.response().header("location"), "/elsewhere");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, RelativeRedirectsAreFollowedWhenAsked) {
  TestHttpServer server;
  server.enqueue(Reply::redirect(301, "b/c?x=1#fragment"));
  server.enqueue(Reply::redirect(302, "../d"));
  server.enqueue(Reply::text(200, "arrived"));
  HttpRequest request;
  request.url = server.url("/a/start");
  request.follow_redirects = true;
  HttpResult result = send(request);
  ASSERT_TRUE(result.ok()) << describe(result);
  EXPECT_EQ(result.response().status, 200);
  EXPECT_EQ(result.response().body, "arrived");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].target, "/a/b/c?x=1");
  EXPECT_EQ(requests[2].target, "/a/d");
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(HttpClientTest, SeeOtherTurnsPostIntoGetAndTemporaryRedirectKeepsIt) {
  TestHttpServer server;
  server.enqueue(Reply::redirect(303, "/see-other"));
  server.enqueue(Reply::text(200));
  server.enqueue(Reply::redirect(307, "/temporary"));
  server.enqueue(Reply::redirect(308, "/permanent"));
  server.enqueue(Reply::text(200));
  HttpRequest request;
  request.method = "POST";
  request.url = server.url("/post");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"k":1})";
  request.follow_redirects = true;
  ASSERT_TRUE(send(request).ok());
  ASSERT_TRUE(send(request).ok());
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].body, "");
  EXPECT_FALSE(requests[1].has_header("content-type"));
  EXPECT_FALSE(requests[1].has_header("content-length"));
  for (int i : {3, 4}) {
    EXPECT_EQ(requests[i].method, "POST");
    EXPECT_EQ(requests[i].body, request.body);
    EXPECT_EQ(requests[i].header("content-type"), "application/json");
  }
}

TEST_F(HttpClientTest, RedirectLimit) {
  TestHttpServer server;
  server.set_responder([](const RecordedRequest&) { return Reply::redirect(302, "/again"); });
  HttpRequest request;
  request.url = server.url();
  request.follow_redirects = true;
  request.max_redirects = 3;
  HttpResult result = send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::too_many_redirects) << describe(result);
  EXPECT_EQ(server.request_count(), 4u);
}

TEST_F(HttpClientTest, CredentialsStayWithTheOriginalOrigin) {
  TestHttpServer other;
  TestHttpServer server;
  server.enqueue(Reply::redirect(307, "/same-origin"));
  server.enqueue(Reply::redirect(307, other.url("/other-origin")));
  HttpRequest request;
  request.url = server.url();
  request.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "c=1"}, {"X-Kept", "k"}};
  request.follow_redirects = true;
  HttpResult result = send(request);
  ASSERT_TRUE(result.ok()) << describe(result);
  auto same = server.requests().at(1);
  EXPECT_EQ(same.header("authorization"), "Bearer secret");
  auto moved = other.requests().at(0);
  EXPECT_EQ(moved.target, "/other-origin");
  EXPECT_FALSE(moved.has_header("authorization"));
  EXPECT_FALSE(moved.has_header("cookie"));
  EXPECT_EQ(moved.header("x-kept"), "k");
  EXPECT_EQ(moved.header("host"), "127.0.0.1:" + std::to_string(other.port()));
}

TEST_F(HttpClientTest, RedirectToAnotherSchemeIsABadUrl) {
  TestHttpServer server;
  server.enqueue(Reply::redirect(302, "ftp://127.0.0.1/file"));
  HttpRequest request;
  request.url = server.url();
  request.follow_redirects = true;
  HttpResult result = send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::bad_url) << describe(result);
}

}  // namespace
}  // namespace intake::adaptors::http_client_test
