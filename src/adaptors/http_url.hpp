#pragma once
// Absolute http(s) URLs taken apart for one connection and one request line (Boost.URL), and
// redirect locations resolved against them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace intake::adaptors::detail {

struct HttpTarget {
  bool tls = false;
  std::string host;  // for DNS, SNI and certificate checks: lower case, no IPv6 brackets
  bool host_is_ip = false;
  std::uint16_t port = 0;
  std::string host_header;  // as sent in Host: brackets for IPv6, the port only when not default
  std::string target;       // origin-form: path and query, never empty

  // "host:port" for messages ("[::1]:443"); never the path or the query.
  std::string authority() const;
  // Scheme, host and port: a redirect elsewhere drops credentials, and pooled connections are
  // shared only within one origin.
  std::string origin() const;
};

// The target, or why the URL is unusable (the message never repeats the URL: it may hold secrets).
std::variant<HttpTarget, std::string> parse_http_url(std::string_view url);

// `location` (absolute or relative) resolved against `base`, without a fragment; nullopt if it
// is not a URL reference.
std::optional<std::string> resolve_location(std::string_view base, std::string_view location);

}  // namespace intake::adaptors::detail
