#pragma once
// Outgoing HTTP(S) for job handlers: asynchronous, with timeouts, TLS verification, a bounded
// response body, optional redirects and a small keep-alive pool. Plain C++ on purpose: Asio and
// Beast stay in src/adaptors.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace intake {
class EventLoop;
}

namespace intake::adaptors {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://, query included; no user:password@ (use a header)
  // Host, Content-Length and Transfer-Encoding are set by the client; User-Agent defaults to
  // intake/<version>.
  std::vector<HttpHeader> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};  // DNS + TCP + TLS handshake
  std::chrono::milliseconds total_timeout{60'000};    // the whole send(), redirects included
  bool follow_redirects = false;  // 301/302/303 become GET without a body; 307/308 resend as is
  int max_redirects = 5;
  std::string ca_file;  // a PEM bundle trusted besides the system store (read once per client)
  std::size_t max_response_bytes = 10u << 20;  // body size; beyond it: HttpErrorKind::too_large
};

struct HttpResponse {
  int status = 0;
  std::vector<HttpHeader> headers;  // as received, in order (repeated names kept)
  std::string body;
  // The first header with this name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

enum class HttpErrorKind {
  bad_url,             // not an absolute http(s) URL, or credentials in it
  bad_request,         // method or a header is not valid HTTP
  resolve,             // the host name did not resolve
  connect,             // TCP connect failed (refused, unreachable)
  tls,                 // handshake failed: unknown CA, wrong host name, CA file unreadable
  timeout,             // connect_timeout or total_timeout passed
  connection_lost,     // the connection failed or closed before the whole response arrived
  protocol,            // the response is not valid HTTP/1.x
  too_large,           // the body is larger than max_response_bytes
  too_many_redirects,  // more than max_redirects (only with follow_redirects)
  cancelled,           // the client was destroyed first
};

const char* to_string(HttpErrorKind kind);

struct HttpError {
  HttpErrorKind kind = HttpErrorKind::connect;
  std::string message;  // names host:port, never the path, query or credentials
};

// A response (any status: 4xx and 5xx are responses too) or an error.
class HttpResult {
 public:
  HttpResult(HttpResponse response) : value_(std::move(response)) {}
  HttpResult(HttpError error) : value_(std::move(error)) {}
  bool ok() const { return value_.index() == 0; }
  HttpResponse& response() { return std::get<HttpResponse>(value_); }
  const HttpResponse& response() const { return std::get<HttpResponse>(value_); }
  const HttpError& error() const { return std::get<HttpError>(value_); }

 private:
  std::variant<HttpResponse, HttpError> value_;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Starts one request. Thread-safe; never throws for a bad request or a network error.
  // `done` is called exactly once, on a loop thread, never inside send(); it must not throw.
  // Destroying the client completes the requests in flight with HttpErrorKind::cancelled (once
  // the loop runs them). If the loop is stopped for good first, `done` is dropped uncalled.
  virtual void send(HttpRequest request, std::function<void(HttpResult)> done) = 0;
};

struct HttpClientOptions {
  // Idle keep-alive connections kept per (scheme, host, port, ca_file) and in all.
  std::size_t max_idle_per_host = 16;
  std::size_t max_idle_total = 128;
  std::chrono::milliseconds idle_timeout{30'000};  // older idle connections are not reused
};

// The client runs on `loop`, which must outlive it.
std::unique_ptr<HttpClient> make_http_client(EventLoop& loop, HttpClientOptions options = {});

// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime),
// as a delay from `now` (zero for a date in the past). Anything else: nullopt.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace intake::adaptors
