#include "adaptors/http_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>

namespace intake::adaptors::detail {

namespace urls = boost::urls;

std::string HttpTarget::authority() const {
  std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return name + ":" + std::to_string(port);
}

std::string HttpTarget::origin() const { return (tls ? "https://" : "http://") + authority(); }

std::variant<HttpTarget, std::string> parse_http_url(std::string_view url) {
  auto parsed = urls::parse_uri(url);
  if (!parsed) return std::string("not an absolute URL");
  const urls::url_view& view = *parsed;
  HttpTarget target;
  if (view.scheme_id() == urls::scheme::https) {
    target.tls = true;
  } else if (view.scheme_id() != urls::scheme::http) {
    return std::string("the URL scheme is not http or https");
  }
  if (view.has_userinfo()) {
    return std::string("credentials in the URL are not supported (send them in a header)");
  }
  switch (view.host_type()) {
    case urls::host_type::ipv4:
      target.host_is_ip = true;
      target.host = std::string(view.encoded_host_address());
      break;
    case urls::host_type::ipv6:
      target.host_is_ip = true;
      target.host = std::string(view.encoded_host_address());
      break;
    case urls::host_type::name:
      target.host = std::string(view.encoded_host_address());
      if (target.host.find('%') != std::string::npos) {
        return std::string("percent-encoded host names are not supported");
      }
      break;
    default:
      return std::string("the URL has no usable host");
  }
  if (target.host.empty()) return std::string("the URL has no host");
  std::transform(target.host.begin(), target.host.end(), target.host.begin(), [](char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  const std::uint16_t default_port = target.tls ? 443 : 80;
  target.port = default_port;
  if (view.has_port() && !view.port().empty()) {
    // Read here: Boost.URL 1.81's port_number() wraps values above 65535.
    unsigned long port = 0;
    for (char c : view.port()) {
      port = port * 10 + static_cast<unsigned long>(c - '0');  // the grammar allows digits only
      if (port > 65535) break;
    }
    if (port == 0 || port > 65535) {
      return std::string("the URL port is not a number from 1 to 65535");
    }
    target.port = static_cast<std::uint16_t>(port);
  }
  const std::string bracketed =
      view.host_type() == urls::host_type::ipv6 ? "[" + target.host + "]" : target.host;
  target.host_header =
      target.port == default_port ? bracketed : bracketed + ":" + std::to_string(target.port);
  target.target = std::string(view.encoded_target());
  if (target.target.empty() || target.target.front() != '/') target.target.insert(0, "/");
  return target;
}

std::optional<std::string> resolve_location(std::string_view base, std::string_view location) {
  auto base_view = urls::parse_uri(base);
  auto reference = urls::parse_uri_reference(location);
  if (!base_view || !reference) return std::nullopt;
  urls::url resolved;
  if (!urls::resolve(*base_view, *reference, resolved)) return std::nullopt;
  resolved.remove_fragment();
  return std::string(resolved.buffer());
}

}  // namespace intake::adaptors::detail
