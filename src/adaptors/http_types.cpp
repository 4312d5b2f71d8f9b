// The small value types of the public HTTP client header.
#include <boost/beast/core/string.hpp>

#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors {

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& field : headers) {
    if (boost::beast::iequals(field.name, name)) return field.value;
  }
  return std::nullopt;
}

const char* to_string(HttpErrorKind kind) {
  switch (kind) {
    case HttpErrorKind::bad_url:
      return "bad_url";
    case HttpErrorKind::bad_request:
      return "bad_request";
    case HttpErrorKind::resolve:
      return "resolve";
    case HttpErrorKind::connect:
      return "connect";
    case HttpErrorKind::tls:
      return "tls";
    case HttpErrorKind::timeout:
      return "timeout";
    case HttpErrorKind::connection_lost:
      return "connection_lost";
    case HttpErrorKind::protocol:
      return "protocol";
    case HttpErrorKind::too_large:
      return "too_large";
    case HttpErrorKind::too_many_redirects:
      return "too_many_redirects";
    case HttpErrorKind::cancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace intake::adaptors
