// HTTPS against a throwaway CA: trusted through ca_file, refused without it or for another name.
#include "http_client_fixture.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {
namespace {

HttpRequest tls_get(const std::string& url, bool with_ca = true) {
  HttpRequest request;
  request.url = url;
  if (with_ca) request.ca_file = test_ca().cert_file();
  return request;
}

TEST_F(HttpClientTest, HttpsWithTheTestCaAndKeepAlive) {
  TestHttpServer server({.tls = true});
  for (int i = 0; i < 3; ++i) {
    HttpRequest request = tls_get(server.url("/secure?i=" + std::to_string(i)));
    request.method = "POST";
    request.body = "body " + std::to_string(i);
    HttpResult result = send(request);
    ASSERT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(result.response().status, 200);
    EXPECT_EQ(result.response().body, "ok");
  }
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].body, "body 2");
  EXPECT_EQ(requests[2].target, "/secure?i=2");
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(HttpClientTest, HttpsByHostName) {
  TestHttpServer server({.tls = true});
  HttpResult result = send(tls_get("https://localhost:" + std::to_string(server.port()) + "/"));
  ASSERT_TRUE(result.ok()) << describe(result);
}

TEST_F(HttpClientTest, UnknownCaIsRefused) {
  TestHttpServer server({.tls = true});
  HttpResult result = send(tls_get(server.url(), false));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::tls) << describe(result);
  EXPECT_NE(result.error().message.find("certificate verify failed"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpClientTest, ConnectionsTrustingAnExtraCaAreNotSharedWithoutIt) {
  TestHttpServer server({.tls = true});
  ASSERT_TRUE(send(tls_get(server.url())).ok());
  HttpResult result = send(tls_get(server.url(), false));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::tls) << describe(result);
}

TEST_F(HttpClientTest, WrongHostNameIsRefused) {
  const TlsIdentity other = test_ca().issue({"other.invalid"});
  TestHttpServer server({.tls = true, .identity = &other});
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    HttpResult result =
        send(tls_get("https://" + host + ":" + std::to_string(server.port()) + "/"));
    ASSERT_FALSE(result.ok()) << host;
    EXPECT_EQ(result.error().kind, HttpErrorKind::tls) << describe(result);
    EXPECT_NE(result.error().message.find("mismatch"), std::string::npos) << result.error().message;
  }
}

TEST_F(HttpClientTest, UnreadableCaFileIsATlsError) {
  TestHttpServer server({.tls = true});
  HttpRequest request = tls_get(server.url());
  request.ca_file = "/nonexistent/ca.pem";
  HttpResult result = send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::tls) << describe(result);
  EXPECT_NE(result.error().message.find("/nonexistent/ca.pem"), std::string::npos);
}

TEST_F(HttpClientTest, PlainHttpToATlsServerFails) {
  TestHttpServer server({.tls = true});
  HttpResult result = get("http://127.0.0.1:" + std::to_string(server.port()) + "/");
  EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace intake::adaptors::http_client_test
