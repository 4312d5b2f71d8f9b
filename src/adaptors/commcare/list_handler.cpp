// `commcare.list`: pulls forms (Form API v0.5/v1, offset pages by meta.next) or cases (Case API
// v2, cursor pages by next) since the cursor kept in the previous run's output, and outputs them
// or delivers each one into an intake inbox over HTTP (so they pass through its triggers).
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <memory>
#include <set>

#include "adaptors/commcare/list_cursor.hpp"
#include "adaptors/credential_headers.hpp"
#include "adaptors/http_outcome.hpp"
#include "intake/adaptors/http_client.hpp"
#include "intake/config/config.hpp"
#include "intake/mapping/mapping_error.hpp"
#include "intake/mapping/template.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors::commcare {
namespace {

using namespace std::chrono_literals;

struct Delivery {
  std::string url;
  std::vector<HttpHeader> headers;
};

struct Settings {
  bool cases = true;             // resource: cases | forms
  std::string forms_api = "v1";  // v0.5 | v1
  std::optional<mapping::Template> filters;
  std::int64_t limit = 100;
  std::int64_t max_pages = 100;
  std::string cursor_field = "indexed_on";
  std::optional<Delivery> deliver_to;
  std::chrono::milliseconds timeout{60'000};
};

std::string text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// scheme://host[:port] of an absolute URL.
std::string origin_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  return url.substr(0, url.find('/', scheme_end + 3));
}

struct Attempt : std::enable_shared_from_this<Attempt> {
  const Settings* settings = nullptr;
  std::shared_ptr<const void> keep_settings;  // the handler outlives the attempt through this
  HttpClient* http = nullptr;
  jobs::RunLog* log = nullptr;
  std::optional<HttpHeader> auth;
  std::string origin;
  jobs::AttemptDone done;
  ListCursor cursor;
  std::set<std::string> seen;  // a case updated during the pull reappears later: keep one
  nlohmann::json objects = nlohmann::json::array();
  int pages = 0;
  bool more = false;
  std::size_t delivered = 0;

  void fail(jobs::HandlerError error) {
    log->error(error.message);
    auto callback = std::move(done);
    callback(jobs::HandlerOutcome{nullptr, std::move(error)});
  }

  void fetch(std::string url) {
    HttpRequest request;
    request.url = std::move(url);
    if (auth) request.headers.push_back(*auth);
    request.headers.push_back({"Accept", "application/json"});
    request.total_timeout = settings->timeout;
    const std::string what = "GET " + request.url;
    log->info(what);
    http->send(std::move(request), [self = shared_from_this(), what](HttpResult result) {
      self->fetched(std::move(result), what);
    });
  }

  void fetched(HttpResult result, const std::string& what) {
    if (!result.ok()) return fail(transport_error(result.error(), what));
    const HttpResponse& response = result.response();
    if (auto error = status_error(response, what)) return fail(*error);
    const auto page = nlohmann::json::parse(response.body, nullptr, false);
    const char* list_key = settings->cases ? "cases" : "objects";
    if (!page.is_object() || !page.contains(list_key) || !page[list_key].is_array()) {
      return fail({jobs::ErrorKind::retryable,
                   what + " answered without \"" + list_key + "\": " + excerpt(response.body, 512),
                   {}});
    }
    ++pages;
    std::size_t fresh = 0;
    for (const auto& object : page[list_key]) {
      const auto id = object.value(settings->cases ? "case_id" : "id", nlohmann::json());
      const auto at = object.value(settings->cursor_field, nlohmann::json());
      const std::string id_text = id.is_null() ? "" : text(id);
      const std::string at_text = at.is_string() ? at.get<std::string>() : "";
      if (!cursor.is_new(id_text, at_text) || (!id_text.empty() && !seen.insert(id_text).second))
        continue;
      cursor.advance(id_text, at_text);
      objects.push_back(object);
      ++fresh;
    }
    log->info("page " + std::to_string(pages) + ": " + std::to_string(page[list_key].size()) +
              " objects, " + std::to_string(fresh) + " new");
    std::string next;
    if (settings->cases) {
      if (page.contains("next") && page["next"].is_string()) next = page["next"];
    } else if (page.contains("meta") && page["meta"].is_object() && page["meta"].contains("next") &&
               page["meta"]["next"].is_string()) {
      next = page["meta"]["next"];
    }
    if (!next.empty() && pages < settings->max_pages) {
      // Followed verbatim; HQ's form list gives a path relative to the host.
      return fetch(next.front() == '/' ? origin + next : next);
    }
    more = !next.empty();
    if (more) log->info("stopped at max_pages; the next run goes on from the cursor");
    if (settings->deliver_to) return deliver();
    finish();
  }

  void deliver() {
    if (delivered == objects.size()) return finish();
    HttpRequest request;
    request.method = "POST";
    request.url = settings->deliver_to->url;
    request.headers = settings->deliver_to->headers;
    request.headers.push_back({"Content-Type", "application/json"});
    request.body =
        objects[delivered].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    request.total_timeout = settings->timeout;
    const std::string what = "POST " + request.url + " (object " + std::to_string(delivered + 1) +
                             " of " + std::to_string(objects.size()) + ")";
    http->send(std::move(request), [self = shared_from_this(), what](HttpResult result) {
      if (!result.ok()) return self->fail(self->redelivery(transport_error(result.error(), what)));
      if (auto error = status_error(result.response(), what))
        return self->fail(self->redelivery(*error));
      ++self->delivered;
      self->deliver();
    });
  }

  // A delivery failure fails the attempt; the retry pulls and delivers again from the old
  // cursor, and the inbox's dedupe drops what already arrived.
  jobs::HandlerError redelivery(jobs::HandlerError error) const {
    error.message += " (" + std::to_string(delivered) + " of " + std::to_string(objects.size()) +
                     " delivered before)";
    return error;
  }

  void finish() {
    nlohmann::json output = {
        {"cursor", cursor.empty() ? nlohmann::json() : nlohmann::json(cursor.value())},
        {"cursor_ids", cursor.ids()},
        {"count", objects.size()},
        {"pages", pages},
        {"more", more}};
    if (settings->deliver_to) {
      output["delivered"] = delivered;
      log->info("delivered " + std::to_string(delivered) + " objects to " +
                settings->deliver_to->url);
    } else {
      output["objects"] = std::move(objects);
    }
    auto callback = std::move(done);
    callback(jobs::HandlerOutcome::success(std::move(output)));
  }
};

class ListHandler final : public jobs::Handler, public std::enable_shared_from_this<ListHandler> {
 public:
  explicit ListHandler(Settings settings) : settings_(std::move(settings)) {}

  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    auto attempt = std::make_shared<Attempt>();
    attempt->settings = &settings_;
    attempt->keep_settings = shared_from_this();
    attempt->http = context.http;
    attempt->log = context.log;
    attempt->done = std::move(done);
    if (!context.credential) {
      return attempt->fail({jobs::ErrorKind::permanent, "a commcare credential is required", {}});
    }
    attempt->auth = credential_header(*context.credential);
    const std::string base = trim_slash(context.credential->base_url);
    attempt->origin = origin_of(base);
    const nlohmann::json& state = *context.state;
    attempt->cursor = ListCursor::from_data(state.value("data", nlohmann::json()));
    std::string url;
    try {
      url = first_page(base + "/a/" + context.credential->domain, state, attempt->cursor);
    } catch (const mapping::MappingError& error) {
      return attempt->fail(
          {jobs::ErrorKind::permanent, std::string("params: ") + error.what(), {}});
    } catch (const std::exception& error) {
      return attempt->fail({jobs::ErrorKind::permanent, error.what(), {}});
    }
    if (!attempt->cursor.empty()) context.log->info("from cursor " + attempt->cursor.value());
    attempt->fetch(std::move(url));
  }

 private:
  std::string first_page(const std::string& project, const nlohmann::json& state,
                         const ListCursor& cursor) const {
    const std::string path = settings_.cases                 ? "/api/case/v2/"
                             : settings_.forms_api == "v0.5" ? "/api/v0.5/form/"
                                                             : "/api/form/v1/";
    const std::string first = project + path;
    auto parsed = boost::urls::parse_uri(first);  // a view: `first` must outlive it
    if (!parsed) throw std::invalid_argument("the credential's base_url is not a valid URL");
    boost::urls::url url(*parsed);
    url.params().append({"limit", std::to_string(settings_.limit)});
    const nlohmann::json filters =
        settings_.filters ? settings_.filters->render(state) : nlohmann::json::object();
    if (!filters.is_object()) throw std::invalid_argument("filters must render to a mapping");
    for (const auto& [name, value] : filters.items()) {
      if (value.is_null()) continue;
      if (value.is_array()) {
        for (const auto& item : value) url.params().append({name, text(item)});
      } else {
        url.params().append({name, text(value)});
      }
    }
    // Forms come newest first by default: an incremental pull needs them oldest first, so that
    // stopping at max_pages leaves nothing behind the cursor. Case API v2 sorts by indexed_on.
    if (!settings_.cases && !filters.contains("order_by"))
      url.params().append({"order_by", settings_.cursor_field});
    if (!cursor.empty()) {
      url.params().append(
          {settings_.cases ? settings_.cursor_field + ".gte" : settings_.cursor_field + "_start",
           cursor.value()});
    }
    return std::string(url.buffer());
  }

  Settings settings_;
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(job.params, {"resource", "api", "filters", "limit", "max_pages",
                                        "cursor_field", "deliver_to", "timeout"});
  Settings settings;
  const std::string resource = checks.one_of("resource", {"cases", "forms"}, "");
  if (resource.empty()) checks.problem("/resource", "resource is required: cases or forms");
  settings.cases = resource != "forms";
  settings.forms_api = checks.one_of("api", {"v1", "v0.5"}, "v1");
  if (settings.cases && checks.has("api"))
    checks.problem("/api", "api applies to forms only (cases use Case API v2)");
  settings.limit = checks.integer("limit", 1, settings.cases ? 5000 : 1000, 100);
  settings.max_pages = checks.integer("max_pages", 1, 1'000'000, 100);
  settings.cursor_field = checks.string("cursor_field", "indexed_on");
  settings.timeout = checks.duration("timeout", 1ms, settings.timeout);
  if (checks.has("filters")) {
    if (!checks.params()["filters"].is_object()) {
      checks.problem("/filters", "filters must be a mapping of query names to values");
    } else {
      try {
        settings.filters = mapping::Template::compile(checks.params()["filters"], "/filters");
      } catch (const mapping::TemplateError& error) {
        for (const auto& problem : error.problems()) checks.problem(problem.where, problem.message);
      }
    }
  }
  if (checks.has("deliver_to")) {
    const auto& deliver = checks.params()["deliver_to"];
    if (!deliver.is_object() || !deliver.contains("url") || !deliver["url"].is_string()) {
      checks.problem(
          "/deliver_to",
          "deliver_to needs a url: an intake inbox, e.g. http://127.0.0.1:8080/inbox/NAME");
    } else {
      Delivery delivery{deliver["url"].get<std::string>(), {}};
      if (delivery.url.rfind("http://", 0) != 0 && delivery.url.rfind("https://", 0) != 0)
        checks.problem("/deliver_to/url", "url must start with http:// or https://");
      for (const auto& [key, value] : deliver.items()) {
        if (key == "url") continue;
        if (key != "headers" || !value.is_object()) {
          checks.problem("/deliver_to/" + key, "deliver_to has url and headers (a mapping) only");
          continue;
        }
        for (const auto& [name, header] : value.items()) {
          if (!header.is_string()) {
            checks.problem("/deliver_to/headers/" + name, "a header value must be a string");
          } else {
            delivery.headers.push_back({name, header.get<std::string>()});
          }
        }
      }
      settings.deliver_to = std::move(delivery);
    }
  }
  checks.throw_if_any();
  return std::make_shared<ListHandler>(std::move(settings));
}

}  // namespace

jobs::HandlerSpec list_handler_spec() {
  return {.name = "commcare.list",
          .summary = "pulls forms or cases from CommCare since a cursor (Data APIs)",
          .needs_credential = true,
          .credential_types = {"commcare"},
          .create = create};
}

}  // namespace intake::adaptors::commcare
