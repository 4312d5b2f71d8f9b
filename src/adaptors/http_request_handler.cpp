// `http.request`: one HTTP call per run, its params mapped from the run's state (docs/mapping.md).
// The response's status, headers and body (bounded) are the output.
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "adaptors/credential_headers.hpp"
#include "adaptors/http_outcome.hpp"
#include "intake/adaptors/http_client.hpp"
#include "intake/config/config.hpp"
#include "intake/mapping/mapping_error.hpp"
#include "intake/mapping/template.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors {
namespace {

struct Settings {
  std::string method = "GET";
  std::optional<mapping::Template> url;
  std::optional<mapping::Template> headers;
  std::optional<mapping::Template> query;
  std::optional<mapping::Template> body;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};
  bool follow_redirects = false;
  std::string ca_file;
  std::size_t max_response_bytes = 10u << 20;
};

std::string as_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// The URL with the rendered `query` appended (values as text; arrays repeat the name).
std::string url_with_query(const std::string& base, const nlohmann::json& query) {
  auto parsed = boost::urls::parse_uri_reference(base);
  if (!parsed) throw std::invalid_argument("the rendered url is not a valid URL: " + base);
  boost::urls::url url(*parsed);
  if (query.is_object()) {
    for (const auto& [name, value] : query.items()) {
      if (value.is_null()) continue;
      if (value.is_array()) {
        for (const auto& item : value) url.params().append({name, as_text(item)});
      } else {
        url.params().append({name, as_text(value)});
      }
    }
  }
  return std::string(url.buffer());
}

nlohmann::json headers_object(const std::vector<HttpHeader>& headers) {
  auto object = nlohmann::json::object();
  for (const HttpHeader& header : headers) {
    std::string name = header.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (object.contains(name)) {
      object[name] = object[name].get<std::string>() + ", " + header.value;
    } else {
      object[name] = header.value;
    }
  }
  return object;
}

nlohmann::json output_of(const HttpResponse& response) {
  nlohmann::json body = response.body;
  const auto type = response.header("content-type");
  if (type && type->find("json") != std::string::npos) {
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (!parsed.is_discarded()) body = std::move(parsed);
  }
  return {
      {"status", response.status}, {"headers", headers_object(response.headers)}, {"body", body}};
}

class HttpRequestHandler final : public jobs::Handler {
 public:
  explicit HttpRequestHandler(Settings settings) : settings_(std::move(settings)) {}

  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    HttpRequest request;
    try {
      request = build(context);
    } catch (const mapping::MappingError& error) {
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                                std::string("params: ") + error.what()));
    } catch (const std::exception& error) {
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent, error.what()));
    }
    const std::string what = request.method + " " + request.url;
    context.log->info(what);
    jobs::RunLog* log = context.log;
    context.http->send(std::move(request), [done = std::move(done), what, log](HttpResult result) {
      if (!result.ok()) {
        const auto error = transport_error(result.error(), what);
        log->error(error.message);
        return done(jobs::HandlerOutcome{nullptr, error});
      }
      const HttpResponse& response = result.response();
      log->info("answered " + std::to_string(response.status) + " (" +
                std::to_string(response.body.size()) + " bytes)");
      if (auto error = status_error(response, what)) {
        log->error(error->message);
        return done(jobs::HandlerOutcome{nullptr, *error});
      }
      done(jobs::HandlerOutcome::success(output_of(response)));
    });
  }

 private:
  HttpRequest build(const jobs::AttemptContext& context) const {
    const nlohmann::json& state = *context.state;
    HttpRequest request;
    request.method = settings_.method;
    const nlohmann::json url = settings_.url->render(state);
    if (!url.is_string()) throw std::invalid_argument("url must render to a string");
    request.url =
        url_with_query(url.get<std::string>(),
                       settings_.query ? settings_.query->render(state) : nlohmann::json());
    if (context.credential) {
      if (auto header = credential_header(*context.credential)) request.headers.push_back(*header);
    }
    bool has_idempotency_key = false;
    bool has_content_type = false;
    if (settings_.headers) {
      const nlohmann::json headers = settings_.headers->render(state);
      for (const auto& [name, value] : headers.items()) {
        if (value.is_null()) continue;
        request.headers.push_back({name, as_text(value)});
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        has_idempotency_key |= lower == "idempotency-key";
        has_content_type |= lower == "content-type";
      }
    }
    // At-least-once delivery: targets that support it can drop a repeated call.
    if (!has_idempotency_key)
      request.headers.push_back({"Idempotency-Key", context.idempotency_key});
    if (settings_.body) {
      const nlohmann::json body = settings_.body->render(state);
      if (body.is_string()) {
        request.body = body.get<std::string>();
        if (!has_content_type)
          request.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
      } else {
        request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (!has_content_type) request.headers.push_back({"Content-Type", "application/json"});
      }
    }
    request.connect_timeout = settings_.connect_timeout;
    request.total_timeout = settings_.timeout;
    request.follow_redirects = settings_.follow_redirects;
    request.ca_file = settings_.ca_file;
    request.max_response_bytes = settings_.max_response_bytes;
    return request;
  }

  Settings settings_;
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(
      job.params, {"method", "url", "headers", "query", "body", "connect_timeout", "timeout",
                   "follow_redirects", "ca_file", "max_response_bytes"});
  Settings settings;
  const std::string url =
      checks.required_string("url", "an http:// or https:// URL, may use {{ }} templates");
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 &&
      url.rfind("{{", 0) != 0) {
    checks.problem("/url", "url must start with http:// or https://");
  }
  settings.url = checks.template_value("url");
  settings.method =
      checks.one_of("method", {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}, "GET");
  for (const char* key : {"headers", "query"}) {
    if (checks.has(key) && !checks.params()[key].is_object()) {
      checks.problem(std::string("/") + key,
                     std::string(key) + " must be a mapping of names to values");
    }
  }
  settings.headers = checks.template_value("headers");
  settings.query = checks.template_value("query");
  settings.body = checks.template_value("body");
  settings.connect_timeout =
      checks.duration("connect_timeout", std::chrono::milliseconds(1), settings.connect_timeout);
  settings.timeout = checks.duration("timeout", std::chrono::milliseconds(1), settings.timeout);
  settings.follow_redirects = checks.boolean("follow_redirects", false);
  settings.ca_file = checks.string("ca_file", "");
  settings.max_response_bytes = static_cast<std::size_t>(checks.integer(
      "max_response_bytes", 1, 1ll << 30, static_cast<std::int64_t>(settings.max_response_bytes)));
  checks.throw_if_any();
  return std::make_shared<HttpRequestHandler>(std::move(settings));
}

}  // namespace

jobs::HandlerSpec http_request_handler_spec() {
  return {.name = "http.request",
          .summary = "calls an HTTP API; the response is the output",
          .needs_credential = false,
          .credential_types = {"basic", "bearer", "api_key"},
          .create = create};
}

}  // namespace intake::adaptors
