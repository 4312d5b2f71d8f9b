#pragma once
// Drives InboxService without HTTP: a RequestHead whose headers come from a std::map, a real
// SQLite store in a temp dir, and a blocking wrapper around screen() + ingest().

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <variant>

#include "ingest_test_support.hpp"
#include "intake/config/config_holder.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/ingest/inbox_service.hpp"
#include "intake/store/store.hpp"
#include "support/fixtures.hpp"

namespace intake::test {

inline constexpr std::string_view kServiceConfig =
    "inboxes:\n"
    "  open:\n"
    "  forms:\n"
    "    dedupe: [/id]\n"
    "  cases:\n"
    "    dedupe: [/case_id, /server_date_modified]\n"
    "  basic:\n"
    "    auth:\n"
    "      - { type: basic, username: commcare, password: \"${PW}\" }\n"
    "  keyed:\n"
    "    auth:\n"
    "      - { type: api_key, header: Authorization, key: old-key }\n"
    "      - { type: api_key, header: Authorization, key: new-key }\n"
    "  token:\n"
    "    auth: { type: bearer, token: tok }\n";

inline constexpr std::string_view kOneOpenInbox = "inboxes:\n  open:\n";

// A store that cannot write: appends fail as on a full disk, readiness is false.
class UnwritableStore : public MessageStore {
 public:
  void append(IncomingMessage message, AppendCallback done) override {
    appended.push_back(std::move(message));
    AppendOutcome outcome;
    outcome.stored = false;
    outcome.error = "database or disk is full";
    done(std::move(outcome));
  }
  void quarantine(QuarantinedBody body) override { quarantined.push_back(std::move(body)); }
  bool writable() override { return false; }
  std::optional<StoredMessage> find_message(std::string_view) override { return std::nullopt; }
  std::vector<StoredMessage> list_messages(const MessageQuery&) override { return {}; }
  std::vector<QuarantinedBody> list_quarantine(std::size_t) override { return quarantined; }
  std::int64_t count_messages() override { return 0; }
  void close() override {}

  std::vector<IncomingMessage> appended;
  std::vector<QuarantinedBody> quarantined;
};

inline RequestHead make_head(std::string method, std::string target, HeaderMap headers = {},
                             std::string remote_addr = "203.0.113.7") {
  RequestHead head;
  head.method = std::move(method);
  head.target = std::move(target);
  head.header = headers_of(std::move(headers));
  head.remote_addr = std::move(remote_addr);
  return head;
}

inline std::optional<std::string> reply_header(const HttpReply& reply, std::string_view name) {
  for (const Header& h : reply.headers) {
    if (h.name == name) return h.value;
  }
  return std::nullopt;
}

class InboxServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.path = (dir_.path() / "intake.db").string();
    store_ = open_sqlite_store(options);
    const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
      if (name == "PW") return std::string("s3cret");
      return std::nullopt;
    };
    config_ = std::make_unique<ConfigHolder>(
        std::make_shared<const Config>(load_config_text(kServiceConfig, "service.yaml", env)));
    service_ = std::make_unique<InboxService>(*config_, *store_);
  }

  void TearDown() override {
    service_.reset();
    if (store_) store_->close();
  }

  // The reply screen() gives on its own; fails the test if it asks for the body.
  HttpReply screen_reply(const RequestHead& head) {
    auto result = service_->screen(head);
    if (auto* reply = std::get_if<HttpReply>(&result)) return *reply;
    ADD_FAILURE() << head.method << " " << head.target << " was accepted, expected a reply";
    return {};
  }

  // screen() then, when accepted, ingest() with `body`, waiting for the reply.
  HttpReply send(const RequestHead& head, std::string body) {
    auto result = service_->screen(head);
    if (auto* reply = std::get_if<HttpReply>(&result)) return *reply;
    std::promise<HttpReply> promise;
    auto future = promise.get_future();
    int calls = 0;
    service_->ingest(std::get<PendingIngest>(std::move(result)), head, std::move(body),
                     [&promise, &calls](HttpReply reply) {
                       ++calls;
                       promise.set_value(std::move(reply));
                     });
    if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "ingest did not answer";
      return {};
    }
    HttpReply reply = future.get();
    EXPECT_EQ(calls, 1);
    return reply;
  }

  HttpReply post(std::string target, std::string body, HeaderMap headers = {},
                 std::string method = "POST") {
    return send(make_head(std::move(method), std::move(target), std::move(headers)),
                std::move(body));
  }

  // The quarantine is written in the background: waits until it holds `count` entries.
  std::vector<QuarantinedBody> wait_for_quarantine(std::size_t count) {
    std::vector<QuarantinedBody> entries;
    for (int i = 0; i < 500; ++i) {
      entries = store_->list_quarantine(100);
      if (entries.size() >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return entries;
  }

  TempDir dir_;
  std::unique_ptr<MessageStore> store_;
  std::unique_ptr<ConfigHolder> config_;
  std::unique_ptr<InboxService> service_;
};

}  // namespace intake::test
