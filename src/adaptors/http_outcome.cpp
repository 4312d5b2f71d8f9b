#include "adaptors/http_outcome.hpp"

namespace intake::adaptors {
namespace {

bool retryable_status(int status) {
  return status == 408 || status == 425 || status == 429 || status >= 500;
}

}  // namespace

bool is_success(int status) { return status >= 200 && status < 300; }

std::optional<jobs::HandlerError> status_error(const HttpResponse& response,
                                               const std::string& what) {
  if (is_success(response.status)) return std::nullopt;
  jobs::HandlerError error;
  error.message = what + " answered " + std::to_string(response.status);
  if (response.status >= 300 && response.status < 400) {
    error.kind = jobs::ErrorKind::permanent;
    error.message += " (a redirect; set follow_redirects: true to follow it)";
    return error;
  }
  error.kind =
      retryable_status(response.status) ? jobs::ErrorKind::retryable : jobs::ErrorKind::permanent;
  if (auto retry_after = response.header("retry-after")) {
    error.retry_after = parse_retry_after(*retry_after, std::chrono::system_clock::now());
  }
  if (!response.body.empty()) error.message += ": " + excerpt(response.body, 512);
  return error;
}

jobs::HandlerError transport_error(const HttpError& error, const std::string& what) {
  jobs::HandlerError result;
  result.message = what + " failed (" + to_string(error.kind) + "): " + error.message;
  switch (error.kind) {
    case HttpErrorKind::bad_url:
    case HttpErrorKind::bad_request:
    case HttpErrorKind::too_large:
    case HttpErrorKind::too_many_redirects:
      result.kind = jobs::ErrorKind::permanent;
      break;
    default:  // resolve, connect, tls, timeout, connection lost, protocol, cancelled
      result.kind = jobs::ErrorKind::retryable;
  }
  return result;
}

std::string excerpt(const std::string& body, std::size_t limit) {
  if (body.size() <= limit) return body;
  return body.substr(0, limit) + "… (" + std::to_string(body.size()) + " bytes in all)";
}

}  // namespace intake::adaptors
