#pragma once
// Helpers for the store tests: messages to append, a blocking append, and a raw sqlite3
// connection to look at (or lock) the database file from outside the store.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "intake/message.hpp"
#include "intake/store/message_store.hpp"

namespace intake::test {

IncomingMessage make_message(std::string inbox = "commcare", std::string body = R"({"a":1})");

// Appends and waits for the callback.
AppendOutcome append_and_wait(MessageStore& store, IncomingMessage message);

StoreOptions options_in(const std::filesystem::path& dir);

// The fixture bodies the store must keep byte for byte.
std::vector<std::string> fixture_bodies();

// Holds the store's writer thread inside an append callback until release() (or destruction),
// so that what is appended meanwhile queues up and is written as one batch.
class WriterPause {
 public:
  explicit WriterPause(MessageStore& store);
  ~WriterPause();
  WriterPause(const WriterPause&) = delete;
  WriterPause& operator=(const WriterPause&) = delete;
  void release();

 private:
  std::promise<void> release_;
  bool released_ = false;
};

class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  int exec(const std::string& sql);  // SQLite result code
  std::int64_t count(const std::string& sql);
  std::vector<std::string> texts(const std::string& sql);  // first column of every row

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace intake::test
