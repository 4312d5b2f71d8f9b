#pragma once
// A small blocking HTTP/1.1 client for tests, on a real loopback TCP connection.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace intake::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const;
};

// One request on a fresh connection. Throws std::runtime_error on a connection error.
HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::map<std::string, std::string>& headers = {},
                        const std::string& body = "");

// A connection kept open across requests (keep-alive), or used to send raw bytes.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port);
  ~HttpConnection();
  HttpResult request(const std::string& method, const std::string& target,
                     const std::map<std::string, std::string>& headers = {},
                     const std::string& body = "");
  void send_raw(const std::string& bytes);
  // Reads one response (after send_raw).
  HttpResult read_response();
  // True when the server closed the connection (a read returns EOF) within `wait`.
  bool closed_by_peer(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
std::uint16_t free_port();

}  // namespace intake::test
