// Many requests in flight at once, sent from several threads, on plain and TLS connections.
#include <atomic>
#include <mutex>
#include <set>

#include "http_client_fixture.hpp"
#include "support/test_http_server.hpp"

namespace intake::adaptors::http_client_test {
namespace {

using namespace std::chrono_literals;

void send_from_threads(HttpClient& client, const std::string& url, const std::string& ca_file,
                       int threads, int per_thread) {
  const int total = threads * per_thread;
  std::mutex mutex;
  std::condition_variable all_done;
  std::multiset<std::string> bodies;
  std::vector<std::string> errors;
  int calls = 0;
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        HttpRequest request;
        request.method = "POST";
        request.url = url;
        request.ca_file = ca_file;
        request.body = std::to_string(t) + "/" + std::to_string(i);
        const std::string sent = request.body;
        client.send(std::move(request), [&, sent](HttpResult result) {
          std::lock_guard lock(mutex);
          ++calls;
          if (!result.ok()) {
            errors.push_back(describe(result));
          } else if (result.response().body != "echo " + sent) {
            errors.push_back("wrong body for " + sent + ": " + result.response().body);
          } else {
            bodies.insert(sent);
          }
          all_done.notify_all();
        });
      }
    });
  }
  for (auto& sender : senders) sender.join();
  std::unique_lock lock(mutex);
  ASSERT_TRUE(all_done.wait_for(lock, 60s, [&] { return calls >= total; }))
      << calls << " of " << total;
  EXPECT_TRUE(errors.empty()) << errors.size() << " errors, first: " << errors.front();
  EXPECT_EQ(bodies.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(calls, total);
  lock.unlock();
  std::this_thread::sleep_for(20ms);  // a second call of any `done` would show here
  lock.lock();
  EXPECT_EQ(calls, total);
}

Reply echo(const RecordedRequest& request) { return Reply::text(200, "echo " + request.body); }

TEST_F(HttpClientTest, ManyConcurrentRequestsFromSeveralThreads) {
  TestHttpServer server;
  server.set_responder(echo);
  send_from_threads(*client_, server.url("/echo"), "", 4, 100);
  EXPECT_EQ(server.request_count(), 400u);
  // Then a sequential run reuses pooled connections.
  const std::size_t before = server.connection_count();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(get(server.url()).ok());
  EXPECT_EQ(server.connection_count(), before);
}

TEST_F(HttpClientTest, ManyConcurrentTlsRequests) {
  TestHttpServer server({.tls = true});
  server.set_responder(echo);
  send_from_threads(*client_, server.url("/echo"), test_ca().cert_file(), 3, 20);
  EXPECT_EQ(server.request_count(), 60u);
}

}  // namespace
}  // namespace intake::adaptors::http_client_test
