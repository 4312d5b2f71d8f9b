#include "store_test_support.hpp"

#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "intake/common/ids.hpp"
#include "support/fixtures.hpp"

namespace intake::test {

IncomingMessage make_message(std::string inbox, std::string body) {
  IncomingMessage message;
  message.id = new_uuid_v7();
  message.inbox = std::move(inbox);
  message.method = "POST";
  message.path_suffix = "forms";
  message.query = "app_id=abc&x=1";
  message.query_params_json = R"({"app_id":"abc","x":"1"})";
  message.headers = {{"content-type", "application/json"}, {"received-on", "2024-01-02"}};
  message.content_type = "application/json";
  message.body = std::move(body);
  message.json_view = message.body;
  message.remote_addr = "10.0.0.7";
  message.received_at_ms = unix_millis_now();
  message.dedupe_key = message.id;
  message.matched_triggers = {"new-patient", "any-case"};
  return message;
}

AppendOutcome append_and_wait(MessageStore& store, IncomingMessage message) {
  std::promise<AppendOutcome> promise;
  auto future = promise.get_future();
  store.append(std::move(message),
               [&promise](AppendOutcome outcome) { promise.set_value(std::move(outcome)); });
  return future.get();
}

StoreOptions options_in(const std::filesystem::path& dir) {
  StoreOptions options;
  options.path = (dir / "data" / "intake.db").string();
  options.busy_timeout_ms = 200;
  return options;
}

std::vector<std::string> fixture_bodies() {
  const auto dir = fixtures_dir();
  return {read_file(dir / "openfn/commcare-case-patient.miraclefeet.json"),
          read_file(dir / "openfn/commcare-form-log-visit-details.miraclefeet.json"),
          read_file(dir / "commcare/forwarded_form.xml"),
          read_file(dir / "commcare/forwarded_case.xml")};
}

WriterPause::WriterPause(MessageStore& store) {
  auto entered = std::make_shared<std::promise<void>>();
  auto writer_is_held = entered->get_future();
  store.append(make_message("writer-pause"),
               [entered, released = release_.get_future().share()](AppendOutcome) {
                 entered->set_value();
                 released.wait();
               });
  writer_is_held.wait();
}

WriterPause::~WriterPause() { release(); }

void WriterPause::release() {
  if (released_) return;
  released_ = true;
  release_.set_value();
}

RawDb::RawDb(const std::filesystem::path& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << "cannot open " << path;
  sqlite3_busy_timeout(db_, 2000);
}

RawDb::~RawDb() { sqlite3_close_v2(db_); }

int RawDb::exec(const std::string& sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
}

std::int64_t RawDb::count(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  } else {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
  }
  sqlite3_finalize(statement);
  return value;
}

std::vector<std::string> RawDb::texts(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  std::vector<std::string> values;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    return values;
  }
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    values.emplace_back(text ? text : "");
  }
  sqlite3_finalize(statement);
  return values;
}

}  // namespace intake::test
