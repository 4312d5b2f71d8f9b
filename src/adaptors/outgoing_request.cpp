#include "adaptors/outgoing_request.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <array>

#include "intake/version.hpp"

namespace intake::adaptors::detail {
namespace {

namespace http = boost::beast::http;
using boost::beast::iequals;

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

// Field values may hold any visible byte, spaces and tabs, but no line breaks or NUL
// (which would let a templated value inject headers).
bool is_field_value(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool is_managed_header(std::string_view name) {
  return iequals(name, "host") || iequals(name, "content-length") ||
         iequals(name, "transfer-encoding");
}

}  // namespace

std::optional<std::string> build_request(const HttpRequest& request, const HttpTarget& target,
                                         BeastRequest& out) {
  if (!is_token(request.method)) return "the method is not a valid HTTP method";
  out = BeastRequest();
  out.version(11);
  out.method_string(request.method);
  out.target(target.target);
  out.set(http::field::host, target.host_header);
  bool has_user_agent = false;
  for (const auto& header : request.headers) {
    if (!is_token(header.name)) return "a header name is not a valid HTTP token";
    if (!is_field_value(header.value)) {
      return "the value of header " + header.name + " holds a line break or NUL";
    }
    if (is_managed_header(header.name)) continue;
    has_user_agent = has_user_agent || iequals(header.name, "user-agent");
    out.insert(header.name, header.value);
  }
  if (!has_user_agent) out.set(http::field::user_agent, std::string("intake/") + kVersion);
  out.body() = request.body;
  const bool expects_body =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (!request.body.empty() || expects_body) out.content_length(request.body.size());
  return std::nullopt;
}

bool is_followed_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void redirect_request(HttpRequest& request, int status, const HttpTarget& from,
                      const HttpTarget& to, std::string to_url) {
  request.url = std::move(to_url);
  auto drop = [&request](auto&& predicate) {
    std::erase_if(request.headers, [&](const HttpHeader& h) { return predicate(h.name); });
  };
  if (status != 307 && status != 308 && request.method != "HEAD") {
    request.method = "GET";
    request.body.clear();
    drop([](std::string_view name) {
      return iequals(name, "content-type") || iequals(name, "content-encoding") ||
             iequals(name, "content-language") || iequals(name, "content-location");
    });
  }
  if (from.origin() != to.origin()) {
    drop([](std::string_view name) {
      return iequals(name, "authorization") || iequals(name, "proxy-authorization") ||
             iequals(name, "cookie");
    });
  }
}

}  // namespace intake::adaptors::detail
