#include <charconv>

#include "config/sections.hpp"

namespace intake::config_detail {
namespace {

// "host:port", "[v6]:port", ":port" or "port".
void read_listen(const YamlReader& reader, const YAML::Node& node, ServerConfig& server) {
  const std::string text = reader.string(node, "server.listen");
  std::string host = server.listen_host;
  std::string port_text = text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      reader.fail(node, "server.listen", "expected [ipv6]:port, found '" + text + "'");
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
    if (colon > 0) host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    reader.fail(node, "server.listen",
                "expected host:port with a port from 0 to 65535, found '" + text + "'");
  }
  server.listen_host = host;
  server.listen_port = static_cast<std::uint16_t>(port);
}

}  // namespace

ServerConfig read_server(const YamlReader& reader, const YAML::Node& node) {
  ServerConfig server;
  reader.expect_map(node, "server");
  reader.allow_keys(node, "server",
                    {"listen", "threads", "max_body", "max_connections", "header_timeout",
                     "body_timeout", "idle_timeout", "retry_after", "log_format", "log_level",
                     "access_log"});
  if (auto n = node["listen"]) read_listen(reader, n, server);
  if (auto n = node["threads"]) {
    server.threads = static_cast<unsigned>(reader.integer(n, "server.threads", 0, 256));
  }
  if (auto n = node["max_body"]) {
    server.max_body = reader.byte_size(n, "server.max_body");
    if (server.max_body == 0 || server.max_body > (1ull << 30)) {
      reader.fail(n, "server.max_body", "must be between 1 byte and 1GiB");
    }
  }
  if (auto n = node["max_connections"]) {
    server.max_connections =
        static_cast<std::size_t>(reader.integer(n, "server.max_connections", 1, 1'000'000));
  }
  if (auto n = node["header_timeout"]) server.header_timeout = reader.duration(n, "server.header_timeout");
  if (auto n = node["body_timeout"]) server.body_timeout = reader.duration(n, "server.body_timeout");
  if (auto n = node["idle_timeout"]) server.idle_timeout = reader.duration(n, "server.idle_timeout");
  if (auto n = node["retry_after"]) {
    server.retry_after = std::chrono::duration_cast<std::chrono::seconds>(
        reader.duration(n, "server.retry_after"));
  }
  if (auto n = node["log_format"]) {
    server.log_format = reader.string(n, "server.log_format");
    if (server.log_format != "text" && server.log_format != "json") {
      reader.fail(n, "server.log_format", "expected text or json, found '" + server.log_format + "'");
    }
  }
  if (auto n = node["log_level"]) {
    server.log_level = reader.string(n, "server.log_level");
    static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    if (std::find(std::begin(levels), std::end(levels), server.log_level) == std::end(levels)) {
      reader.fail(n, "server.log_level",
                  "expected trace, debug, info, warn, error, critical or off");
    }
  }
  if (auto n = node["access_log"]) server.access_log = reader.boolean(n, "server.access_log");
  return server;
}

StorageConfig read_storage(const YamlReader& reader, const YAML::Node& node) {
  StorageConfig storage;
  reader.expect_map(node, "storage");
  reader.allow_keys(node, "storage",
                    {"path", "durability", "quarantine_max_entries", "quarantine_max_bytes"});
  if (auto n = node["path"]) {
    storage.path = reader.string(n, "storage.path");
    if (storage.path.empty()) reader.fail(n, "storage.path", "must not be empty");
  }
  if (auto n = node["durability"]) {
    const std::string value = reader.string(n, "storage.durability");
    if (value != "full" && value != "normal") {
      reader.fail(n, "storage.durability",
                  "expected full (fsync on every commit) or normal, found '" + value + "'");
    }
    storage.durability_full = value == "full";
  }
  if (auto n = node["quarantine_max_entries"]) {
    storage.quarantine_max_entries = static_cast<std::size_t>(
        reader.integer(n, "storage.quarantine_max_entries", 0, 10'000'000));
  }
  if (auto n = node["quarantine_max_bytes"]) {
    storage.quarantine_max_bytes = reader.byte_size(n, "storage.quarantine_max_bytes");
  }
  return storage;
}

WorkersConfig read_workers(const YamlReader& reader, const YAML::Node& node) {
  WorkersConfig workers;
  reader.expect_map(node, "workers");
  reader.allow_keys(node, "workers", {"threads", "max_in_flight", "lease", "shutdown_grace"});
  if (auto n = node["threads"]) {
    workers.threads = static_cast<unsigned>(reader.integer(n, "workers.threads", 1, 256));
  }
  if (auto n = node["max_in_flight"]) {
    workers.max_in_flight =
        static_cast<std::size_t>(reader.integer(n, "workers.max_in_flight", 1, 100'000));
  }
  if (auto n = node["lease"]) {
    workers.lease = reader.duration(n, "workers.lease");
    if (workers.lease < std::chrono::seconds(1)) reader.fail(n, "workers.lease", "must be at least 1s");
  }
  if (auto n = node["shutdown_grace"]) workers.shutdown_grace = reader.duration(n, "workers.shutdown_grace");
  return workers;
}

}  // namespace intake::config_detail
