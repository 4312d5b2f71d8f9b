// Keep-alive, pipelining, timeouts, slow clients and the connection limit.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_fixture.hpp"

namespace intake::test {
namespace {

const char* kConfig = R"(
server: { header_timeout: 2s, body_timeout: 2s, idle_timeout: 700ms, max_connections: 20 }
inboxes:
  commcare: {}
)";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::string post_bytes(int n) {
  const std::string body = R"({"n":)" + std::to_string(n) + "}";
  return "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(Connections, KeepAliveServesManyRequestsOnOneConnection) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  for (int i = 0; i < 50; ++i) {
    auto result =
        connection.request("POST", "/inbox/commcare", kJson, R"({"k":)" + std::to_string(i) + "}");
    ASSERT_EQ(result.status, 202) << i;
  }
  EXPECT_EQ(server.store().count_messages(), 50);
}

TEST(Connections, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  std::string batch;
  for (int i = 0; i < 10; ++i) batch += post_bytes(i);
  batch += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  connection.send_raw(batch);
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    auto result = connection.read_response();
    ASSERT_EQ(result.status, 202);
    std::string id = nlohmann::json::parse(result.body)["id"];
    auto stored = server.store().find_message(id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->body, R"({"n":)" + std::to_string(i) + "}");  // reply i is request i's
    ids.push_back(id);
  }
  EXPECT_EQ(connection.read_response().status, 200);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST(Connections, ExpectContinueGets100ThenTheReply) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  const std::string body = R"({"continue":true})";
  connection.send_raw(
      "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(connection.read_response().status, 100);
  connection.send_raw(body);
  EXPECT_EQ(connection.read_response().status, 202);
}

TEST(Connections, SlowClientDoesNotStallOthers) {
  RunningServer server(kConfig);
  // A client sends half its headers and stalls.
  HttpConnection slow(server.port());
  slow.send_raw("POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: appl");
  // Another sends its headers and half its body and stalls.
  HttpConnection slow_body(server.port());
  slow_body.send_raw(
      "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"partial\":");
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(http_request(server.port(), "POST", "/inbox/commcare", kJson,
                           R"({"fast":)" + std::to_string(i) + "}")
                  .status,
              202);
  }
  // The fast requests were served while both slow clients were still waiting (not after
  // their timeouts had freed the server).
  EXPECT_FALSE(slow.closed_by_peer(std::chrono::milliseconds(0)));
  // The stalled header read times out and the connection is closed.
  EXPECT_TRUE(slow.closed_by_peer(std::chrono::seconds(5)));
  // The stalled body read times out and is closed; nothing of it was stored.
  EXPECT_TRUE(slow_body.closed_by_peer(std::chrono::seconds(5)));
  EXPECT_EQ(server.store().count_messages(), 20);
}

TEST(Connections, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  ASSERT_EQ(connection.request("GET", "/healthz").status, 200);
  EXPECT_FALSE(connection.closed_by_peer(std::chrono::milliseconds(300)));
  EXPECT_TRUE(connection.closed_by_peer(std::chrono::seconds(3)));
}

TEST(Connections, OverTheConnectionLimitNewConnectionsGet503) {
  RunningServer server(kConfig);
  std::vector<std::unique_ptr<HttpConnection>> held;
  for (int i = 0; i < 20; ++i) {
    held.push_back(std::make_unique<HttpConnection>(server.port()));
    ASSERT_EQ(held.back()->request("GET", "/healthz").status, 200);
  }
  auto rejected = http_request(server.port(), "GET", "/healthz");
  EXPECT_EQ(rejected.status, 503);
  EXPECT_FALSE(rejected.header("retry-after").empty());
  held.clear();
  // Once connections close, new ones are served again.
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = http_request(server.port(), "GET", "/healthz").status;
  }
  EXPECT_EQ(status, 200);
}

// After its last reply a connection lingers up to 2 s for the client to close; it no longer
// counts against max_connections (clients reconnecting at once used to get 503s).
TEST(Connections, ConnectionsLingeringAfterTheirLastReplyDoNotCountAgainstTheLimit) {
  RunningServer server(kConfig);
  std::vector<std::unique_ptr<HttpConnection>> finished;  // replied, still open on our side
  for (int i = 0; i < 30; ++i) {
    finished.push_back(std::make_unique<HttpConnection>(server.port()));
    ASSERT_EQ(finished.back()->request("GET", "/healthz", {{"Connection", "close"}}).status, 200)
        << "connection " << i;
  }
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);
}

TEST(Connections, ConcurrentClientsAllGetDurableAcks) {
  RunningServer server(kConfig);
  constexpr int kThreads = 8, kPerThread = 40;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpConnection connection(server.port());
      for (int i = 0; i < kPerThread; ++i) {
        auto result = connection.request(
            "POST", "/inbox/commcare", kJson,
            R"({"t":)" + std::to_string(t) + R"(,"i":)" + std::to_string(i) + "}");
        if (result.status == 202) ++accepted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), kThreads * kPerThread);
  EXPECT_EQ(server.store().count_messages(), kThreads * kPerThread);
}

TEST(Connections, MalformedHttpIs400AndClosed) {
  RunningServer server(kConfig);
  HttpConnection connection(server.port());
  connection.send_raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(connection.read_response().status, 400);
}

// Was: the connection closed without an answer.
TEST(Connections, ABrokenChunkedBodyIs400AndNothingIsStored) {
  RunningServer server(kConfig);
  for (const std::string chunk_size : {"zz", "ffffffffffffffffff"}) {
    HttpConnection connection(server.port());
    connection.send_raw(
        "POST /inbox/commcare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n" +
        chunk_size + "\r\n{\"a\":1}\r\n0\r\n\r\n");
    const auto result = connection.read_response();
    EXPECT_EQ(result.status, 400) << chunk_size;
    EXPECT_NE(result.body.find("malformed HTTP request body"), std::string::npos) << result.body;
  }
  EXPECT_EQ(server.store().count_messages(), 0);
}

}  // namespace
}  // namespace intake::test
