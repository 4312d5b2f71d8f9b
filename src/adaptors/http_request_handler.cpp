// `http.request`: calls an HTTP API with params mapped from the run's state.
// (Transitional: params are checked; the call itself lands with the HTTP client.)
#include <set>

#include "intake/config/config.hpp"
#include "intake/jobs/handler.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors {
namespace {

class HttpRequestHandler final : public jobs::Handler {
 public:
  void run(const jobs::AttemptContext&, jobs::AttemptDone done) const override {
    done(jobs::HandlerOutcome::failure(jobs::ErrorKind::retryable, "HTTP client not built yet"));
  }
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(
      job.params, {"method", "url", "headers", "query", "body", "connect_timeout", "timeout",
                   "follow_redirects", "ca_file", "max_response_bytes"});
  const std::string url =
      checks.required_string("url", "an http:// or https:// URL, may use {{ }} templates");
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 &&
      url.rfind("{{", 0) != 0) {
    checks.problem("/url", "url must start with http:// or https://");
  }
  checks.one_of("method", {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}, "GET");
  for (const char* key : {"headers", "query"}) {
    if (checks.has(key) && !checks.params()[key].is_object()) {
      checks.problem(std::string("/") + key,
                     std::string(key) + " must be a mapping of names to values");
    }
  }
  checks.throw_if_any();
  return std::make_shared<HttpRequestHandler>();
}

}  // namespace

jobs::HandlerSpec http_request_handler_spec() {
  return {.name = "http.request",
          .summary = "calls an HTTP API",
          .needs_credential = false,
          .credential_types = {"basic", "bearer", "api_key"},
          .create = create};
}

}  // namespace intake::adaptors
