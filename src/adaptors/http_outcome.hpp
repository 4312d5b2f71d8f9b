#pragma once
// How an HTTP answer or transport error becomes an attempt's outcome, the same for every handler:
// 2xx succeeds; 408, 425, 429 and 5xx are retried (after Retry-After when given); other 4xx and
// unfollowed redirects are permanent; network trouble is retried; bad requests are permanent.

#include <optional>
#include <string>

#include "intake/adaptors/http_client.hpp"
#include "intake/jobs/handler.hpp"

namespace intake::adaptors {

bool is_success(int status);
// nullopt for a 2xx. `what` names the call in the message ("POST https://host/path").
std::optional<jobs::HandlerError> status_error(const HttpResponse& response,
                                               const std::string& what);
jobs::HandlerError transport_error(const HttpError& error, const std::string& what);

// A body excerpt for run logs: at most `limit` bytes, marked when cut.
std::string excerpt(const std::string& body, std::size_t limit = 2048);

}  // namespace intake::adaptors
