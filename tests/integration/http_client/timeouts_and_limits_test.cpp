// Connect and total timeouts, the response size bound, and cancellation when the client goes.
#include "http_client_fixture.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_F(HttpClientTest, ConnectTimeout) {
  HangingListener listener;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/";
  request.connect_timeout = 200ms;
  const auto start = Clock::now();
  HttpResult result = send(request);
  const auto took = Clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::timeout) << describe(result);
  EXPECT_NE(result.error().message.find("connecting to 127.0.0.1:"), std::string::npos);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 3s);
}

TEST_F(HttpClientTest, TotalTimeoutWhenTheServerIsSlow) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, "late").after(3s));
  HttpRequest request;
  request.url = server.url("/slow");
  request.total_timeout = 250ms;
  const auto start = Clock::now();
  HttpResult result = send(request);
  const auto took = Clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::timeout) << describe(result);
  EXPECT_NE(result.error().message.find("250 ms"), std::string::npos);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2s);

  // The timed-out connection is not reused; the client goes on working.
  HttpResult next = get(server.url("/next"));
  ASSERT_TRUE(next.ok()) << describe(next);
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(HttpClientTest, ResponseLargerThanTheLimitIsRefused) {
  TestHttpServer server;
  server.enqueue(Reply::text(200, std::string(1000, 'x')));
  server.enqueue(Reply::text(200, std::string(1001, 'x')));
  server.enqueue(Reply::raw_bytes(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "258\r\n" +
      std::string(600, 'c') + "\r\n258\r\n" + std::string(600, 'c') + "\r\n0\r\n\r\n"));
  HttpRequest request;
  request.url = server.url();
  request.max_response_bytes = 1000;
  HttpResult at_limit = send(request);
  ASSERT_TRUE(at_limit.ok()) << describe(at_limit);
  EXPECT_EQ(at_limit.response().body.size(), 1000u);

  HttpResult over = send(request);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, HttpErrorKind::too_large) << describe(over);

  HttpResult chunked = send(request);
  ASSERT_FALSE(chunked.ok());
  EXPECT_EQ(chunked.error().kind, HttpErrorKind::too_large) << describe(chunked);
}

TEST_F(HttpClientTest, DestroyingTheClientCancelsRequestsInFlight) {
  TestHttpServer server;
  server.set_responder([](const RecordedRequest&) { return Reply::text(200).after(10s); });
  auto promise = std::make_shared<std::promise<HttpResult>>();
  auto calls = std::make_shared<std::atomic<int>>(0);
  HttpRequest request;
  request.url = server.url();
  client_->send(request, [promise, calls](HttpResult result) {
    if (++*calls == 1) promise->set_value(std::move(result));
  });
  ASSERT_TRUE(server.wait_for_requests(1, 5s));
  const auto start = Clock::now();
  client_.reset();
  auto future = promise->get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_LT(Clock::now() - start, 2s);
  HttpResult result = future.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, HttpErrorKind::cancelled);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls->load(), 1);
}

}  // namespace
}  // namespace intake::adaptors::http_client_test
