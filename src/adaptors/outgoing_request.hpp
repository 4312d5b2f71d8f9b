#pragma once
// The Beast request written for an HttpRequest (checked method and headers, Host, framing,
// User-Agent), and how a followed redirect changes the request.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>

#include "adaptors/http_url.hpp"
#include "intake/adaptors/http_client.hpp"

namespace intake::adaptors::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The request line and headers for `request` sent to `target`, or why it cannot be sent
// (a method or header that is not valid HTTP).
std::optional<std::string> build_request(const HttpRequest& request, const HttpTarget& target,
                                         BeastRequest& out);

bool is_followed_redirect(int status);  // 301, 302, 303, 307, 308

// Turns `request` into the one sent to the redirect's location `to`: 301/302/303 become a GET
// without a body (HEAD stays HEAD), 307/308 keep method and body; credentials and cookies are
// dropped when the origin changes.
void redirect_request(HttpRequest& request, int status, const HttpTarget& from,
                      const HttpTarget& to, std::string to_url);

}  // namespace intake::adaptors::detail
