// Every key of `server:` and `storage:`, and their wrong types and bad values.

#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace intake::test {
namespace {

using namespace std::chrono_literals;

std::string with_server(std::string_view body) {
  return "server:\n" + std::string(body) + std::string(kOneInbox);
}

std::string with_storage(std::string_view body) {
  return "storage:\n" + std::string(body) + std::string(kOneInbox);
}

TEST(ServerSection, EveryKey) {
  const Config config =
      load_yaml(with_server("  listen: \"127.0.0.1:9090\"\n"
                            "  threads: 3\n"
                            "  max_body: 2MiB\n"
                            "  max_connections: 500\n"
                            "  header_timeout: 5s\n"
                            "  body_timeout: 2m\n"
                            "  idle_timeout: 1500ms\n"
                            "  retry_after: 1h\n"
                            "  log_format: json\n"
                            "  log_level: debug\n"
                            "  access_log: false\n"));
  const ServerConfig& s = config.server;
  EXPECT_EQ(s.listen_host, "127.0.0.1");
  EXPECT_EQ(s.listen_port, 9090);
  EXPECT_EQ(s.threads, 3u);
  EXPECT_EQ(s.max_body, 2u * 1024 * 1024);
  EXPECT_EQ(s.max_connections, 500u);
  EXPECT_EQ(s.header_timeout, 5s);
  EXPECT_EQ(s.body_timeout, 2min);
  EXPECT_EQ(s.idle_timeout, 1500ms);
  EXPECT_EQ(s.retry_after, 1h);
  EXPECT_EQ(s.log_format, "json");
  EXPECT_EQ(s.log_level, "debug");
  EXPECT_FALSE(s.access_log);
}

TEST(StorageSection, EveryKey) {
  const Config config =
      load_yaml(with_storage("  path: /var/lib/intake/db.sqlite\n"
                             "  durability: normal\n"
                             "  quarantine_max_entries: 20\n"
                             "  quarantine_max_bytes: 512KiB\n"));
  EXPECT_EQ(config.storage.path, "/var/lib/intake/db.sqlite");
  EXPECT_FALSE(config.storage.durability_full);
  EXPECT_EQ(config.storage.quarantine_max_entries, 20u);
  EXPECT_EQ(config.storage.quarantine_max_bytes, 512u * 1024);
  EXPECT_TRUE(load_yaml(with_storage("  durability: full\n")).storage.durability_full);
}

TEST(ServerSection, Listen) {
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (const Case& c :
       {Case{"\"10.0.0.1:80\"", "10.0.0.1", 80}, Case{"\"localhost:65535\"", "localhost", 65535},
        Case{"\"[::1]:8443\"", "::1", 8443}, Case{"\"[::]:0\"", "::", 0},
        Case{"\":8081\"", "0.0.0.0", 8081}, Case{"9000", "0.0.0.0", 9000}}) {
    const Config config = load_yaml(with_server(std::string("  listen: ") + c.text + "\n"));
    EXPECT_EQ(config.server.listen_host, c.host) << c.text;
    EXPECT_EQ(config.server.listen_port, c.port) << c.text;
  }
}

TEST(ServerSection, BadListenValues) {
  for (const char* text :
       {"\"host:\"", "\"host:65536\"", "\"host:http\"", "\"localhost\"", "\"[::1]8080\"",
        "\"[::1\"", "\"[::1]:\"", "\"\"", "\"1.2.3.4:-1\"", "\"1.2.3.4:80 \""}) {
    auto error = config_error(with_server(std::string("  listen: ") + text + "\n"));
    ASSERT_TRUE(error.has_value()) << text;
    EXPECT_EQ(error->line(), 2) << text;
    EXPECT_EQ(error->column(), 11) << text;
    EXPECT_EQ(error->key_path(), "server.listen") << text;
  }
  EXPECT_CONFIG_ERROR(with_server("  listen: \"h:99999\"\n"), env_of(), 2, 11, "server.listen",
                      "port from 0 to 65535, found 'h:99999'");
}

TEST(ServerSection, Sizes) {
  struct Case {
    const char* text;
    std::size_t bytes;
  };
  for (const Case& c :
       {Case{"10MiB", 10u << 20}, Case{"512KiB", 512u << 10}, Case{"1048576", 1048576},
        Case{"2KB", 2000}, Case{"3MB", 3'000'000}, Case{"1GiB", 1u << 30}, Case{"1 MiB", 1u << 20},
        Case{"10mib", 10u << 20}, Case{"100B", 100}, Case{"1", 1}}) {
    const Config config = load_yaml(with_server(std::string("  max_body: ") + c.text + "\n"));
    EXPECT_EQ(config.server.max_body, c.bytes) << c.text;
  }
  EXPECT_EQ(load_yaml(with_storage("  quarantine_max_bytes: 1GB\n")).storage.quarantine_max_bytes,
            1'000'000'000u);
}

TEST(ServerSection, BadSizes) {
  for (const char* text : {"10XB", "ten", "-5", "1.5MiB", "10 M", "MiB", "\"\""}) {
    auto error = config_error(with_server(std::string("  max_body: ") + text + "\n"));
    ASSERT_TRUE(error.has_value()) << text;
    EXPECT_EQ(error->line(), 2) << text;
    EXPECT_EQ(error->column(), 13) << text;
    EXPECT_EQ(error->key_path(), "server.max_body") << text;
    EXPECT_NE(error->message().find("expected a size"), std::string::npos) << error->what();
  }
  EXPECT_CONFIG_ERROR(with_server("  max_body: 0\n"), env_of(), 2, 13, "server.max_body",
                      "between 1 byte and 1GiB");
  EXPECT_CONFIG_ERROR(with_server("  max_body: 2GiB\n"), env_of(), 2, 13, "server.max_body",
                      "between 1 byte and 1GiB");
}

TEST(ServerSection, SizesTooLargeForAnyMachineAreConfigErrors) {
  // Too many digits for 64 bits, and a value whose unit overflows 64 bits: both are config
  // mistakes to report with their position, not exceptions of another type or wrapped values.
  EXPECT_CONFIG_ERROR(with_server("  max_body: 99999999999999999999999\n"), env_of(), 2, 13,
                      "server.max_body", "too large");
  EXPECT_CONFIG_ERROR(with_storage("  quarantine_max_bytes: 17179869184GiB\n"), env_of(), 2, 25,
                      "storage.quarantine_max_bytes", "too large");
}

TEST(ServerSection, Durations) {
  struct Case {
    const char* text;
    std::chrono::milliseconds value;
  };
  for (const Case& c : {Case{"10s", 10s}, Case{"500ms", 500ms}, Case{"5m", 5min}, Case{"1h", 1h},
                        Case{"1d", 24h}, Case{"1.5s", 1500ms}, Case{"30", 30s}, Case{"2 s", 2s}}) {
    const Config config = load_yaml(with_server(std::string("  body_timeout: ") + c.text + "\n"));
    EXPECT_EQ(config.server.body_timeout, c.value) << c.text;
  }
}

TEST(ServerSection, BadDurations) {
  for (const char* text : {"10x", "fast", "-1s", "10S", "1.s", "s", "\"\"", "1h30m"}) {
    auto error = config_error(with_server(std::string("  header_timeout: ") + text + "\n"));
    ASSERT_TRUE(error.has_value()) << text;
    EXPECT_EQ(error->line(), 2) << text;
    EXPECT_EQ(error->column(), 19) << text;
    EXPECT_EQ(error->key_path(), "server.header_timeout") << text;
    EXPECT_NE(error->message().find("expected a duration"), std::string::npos) << error->what();
  }
  EXPECT_CONFIG_ERROR(with_server("  idle_timeout: 99999999999999999999999d\n"), env_of(), 2, 17,
                      "server.idle_timeout", "too large");
}

TEST(ServerSection, WrongTypes) {
  EXPECT_CONFIG_ERROR("server: [1, 2]\n" + std::string(kOneInbox), env_of(), 1, 9, "server",
                      "expected a mapping, found a list");
  EXPECT_CONFIG_ERROR("server: fast\n" + std::string(kOneInbox), env_of(), 1, 9, "server",
                      "expected a mapping, found a scalar");
  EXPECT_CONFIG_ERROR(with_server("  listen: {host: a, port: 1}\n"), env_of(), 2, 11,
                      "server.listen", "expected a string, found a mapping");
  EXPECT_CONFIG_ERROR(with_server("  threads: many\n"), env_of(), 2, 12, "server.threads",
                      "expected a whole number, found 'many'");
  EXPECT_CONFIG_ERROR(with_server("  threads: 2.5\n"), env_of(), 2, 12, "server.threads",
                      "expected a whole number");
  EXPECT_CONFIG_ERROR(with_server("  threads: [2]\n"), env_of(), 2, 12, "server.threads",
                      "expected a string, found a list");
  EXPECT_CONFIG_ERROR(with_server("  threads: 257\n"), env_of(), 2, 12, "server.threads",
                      "must be between 0 and 256, found 257");
  EXPECT_CONFIG_ERROR(with_server("  max_connections: 0\n"), env_of(), 2, 20,
                      "server.max_connections", "must be between 1 and 1000000");
  EXPECT_CONFIG_ERROR(with_server("  access_log: maybe\n"), env_of(), 2, 15, "server.access_log",
                      "expected true or false, found 'maybe'");
  EXPECT_CONFIG_ERROR(with_server("  log_format: xml\n"), env_of(), 2, 15, "server.log_format",
                      "expected text or json, found 'xml'");
  EXPECT_CONFIG_ERROR(with_server("  log_level: verbose\n"), env_of(), 2, 14, "server.log_level",
                      "expected trace, debug");
}

TEST(ServerSection, BooleanSpellings) {
  for (const char* yes : {"true", "True", "yes", "on"}) {
    EXPECT_TRUE(
        load_yaml(with_server(std::string("  access_log: ") + yes + "\n")).server.access_log)
        << yes;
  }
  for (const char* no : {"false", "FALSE", "no", "off"}) {
    EXPECT_FALSE(
        load_yaml(with_server(std::string("  access_log: ") + no + "\n")).server.access_log)
        << no;
  }
}

TEST(StorageSection, WrongTypesAndValues) {
  EXPECT_CONFIG_ERROR("storage: x.db\n" + std::string(kOneInbox), env_of(), 1, 10, "storage",
                      "expected a mapping");
  EXPECT_CONFIG_ERROR(with_storage("  path: \"\"\n"), env_of(), 2, 9, "storage.path",
                      "must not be empty");
  EXPECT_CONFIG_ERROR(with_storage("  path: [a]\n"), env_of(), 2, 9, "storage.path",
                      "expected a string, found a list");
  EXPECT_CONFIG_ERROR(with_storage("  durability: fast\n"), env_of(), 2, 15, "storage.durability",
                      "expected full (fsync on every commit) or normal, found 'fast'");
  EXPECT_CONFIG_ERROR(with_storage("  quarantine_max_entries: -1\n"), env_of(), 2, 27,
                      "storage.quarantine_max_entries", "must be between 0 and 10000000");
  EXPECT_CONFIG_ERROR(with_storage("  quarantine_max_bytes: lots\n"), env_of(), 2, 25,
                      "storage.quarantine_max_bytes", "expected a size");
}

}  // namespace
}  // namespace intake::test
