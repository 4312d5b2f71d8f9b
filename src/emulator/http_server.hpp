#pragma once
// The emulator's HTTP/1.1 server: Beast, keep-alive, one request at a time per connection. Each
// request is read whole and handed to `handler`; a reply with a delay waits on a timer, so a
// delayed answer never holds up other connections.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "emulator/http_types.hpp"

namespace intake::emulator {

using Handler = std::function<Response(Request&)>;

class HttpServer {
 public:
  HttpServer(std::string host, std::uint16_t port, unsigned threads, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();  // throws std::runtime_error naming the address when it cannot listen
  void stop();
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake::emulator
