#pragma once
// An EventLoop with two threads and an HttpClient on it, and a blocking send() for tests.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>

#include "intake/adaptors/http_client.hpp"
#include "intake/common/event_loop.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {

using test::HangingListener;
using test::RecordedRequest;
using test::Reply;
using test::test_ca;
using test::TestHttpServer;
using test::TlsIdentity;

class HttpClientTest : public ::testing::Test {
 protected:
  HttpClientTest() {
    loop_.start(2);
    client_ = make_http_client(loop_);
  }
  ~HttpClientTest() override {
    client_.reset();
    loop_.stop();
  }

  // Sends and waits for the result (a test failure and a cancelled error after 20 s).
  HttpResult send(HttpRequest request) {
    auto promise = std::make_shared<std::promise<HttpResult>>();
    auto future = promise->get_future();
    const auto caller = std::this_thread::get_id();
    client_->send(std::move(request), [promise, caller](HttpResult result) {
      EXPECT_NE(std::this_thread::get_id(), caller) << "done runs on a loop thread";
      promise->set_value(std::move(result));
    });
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "no result within 20 s";
      return HttpError{HttpErrorKind::cancelled, "test gave up"};
    }
    return future.get();
  }

  HttpResult get(const std::string& url) {
    HttpRequest request;
    request.url = url;
    return send(std::move(request));
  }

  EventLoop loop_;
  std::unique_ptr<HttpClient> client_;
};

// "ok" or the error, for readable assertion messages.
inline std::string describe(const HttpResult& result) {
  if (result.ok()) return "status " + std::to_string(result.response().status);
  return std::string(to_string(result.error().kind)) + ": " + result.error().message;
}

}  // namespace intake::adaptors::http_client_test
