// `commcare.case_upsert`: creates, updates (case_id) or upserts (external_id) cases through HQ's
// Case API v2 bulk write. With `batch:`, the cases of every run in the batch go out together in
// requests of at most 100 cases (HQ's limit), one after the other.
#include <memory>

#include "adaptors/commcare/case_upsert_body.hpp"
#include "adaptors/commcare/commcare_urls.hpp"
#include "adaptors/credential_headers.hpp"
#include "adaptors/http_outcome.hpp"
#include "intake/config/config.hpp"
#include "intake/mapping/mapping_error.hpp"

namespace intake::adaptors {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxCasesPerRequest = 100;

// One attempt: its chunks are sent in order; the first failure ends it.
struct CaseUpsertAttempt : std::enable_shared_from_this<CaseUpsertAttempt> {
  HttpClient* http = nullptr;
  jobs::RunLog* log = nullptr;
  std::vector<HttpRequest> requests;
  std::size_t next = 0;
  bool batch = false;
  json form_ids = json::array();
  json cases = json::array();
  jobs::AttemptDone done;

  void send_next() {
    if (next == requests.size()) return finish();
    HttpRequest request = requests[next];
    const std::string what = request.method + " " + request.url;
    log->info(what + " (request " + std::to_string(next + 1) + " of " +
              std::to_string(requests.size()) + ")");
    http->send(std::move(request), [self = shared_from_this(), what](HttpResult result) {
      self->answered(std::move(result), what);
    });
  }

  void answered(HttpResult result, const std::string& what) {
    if (!result.ok()) {
      const auto error = transport_error(result.error(), what);
      log->error(error.message);
      return done(jobs::HandlerOutcome{nullptr, error});
    }
    const HttpResponse& response = result.response();
    log->info("answered " + std::to_string(response.status));
    const json body = json::parse(response.body, nullptr, false);
    if (auto error = status_error(response, what)) {
      // HQ explains a refused write in {"error": "..."}: that message is what the operator needs.
      if (body.is_object() && body.contains("error") && body["error"].is_string()) {
        error->message = what + " answered " + std::to_string(response.status) + ": " +
                         body["error"].get<std::string>();
        if (body.contains("form_id"))
          error->message += " (error form " + body["form_id"].dump() + ")";
      }
      log->error(error->message);
      return done(jobs::HandlerOutcome{nullptr, *error});
    }
    if (!body.is_object()) {
      const std::string message = what + " answered " + std::to_string(response.status) +
                                  " without a JSON object: " + excerpt(response.body, 512);
      log->error(message);
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent, message));
    }
    // HQ's code says form_id, its docs xform_id.
    for (const char* key : {"form_id", "xform_id"}) {
      if (body.contains(key)) form_ids.push_back(body[key]);
    }
    if (body.contains("cases") && body["cases"].is_array()) {
      for (const auto& c : body["cases"]) cases.push_back(c);
    } else if (body.contains("case")) {
      cases.push_back(body["case"]);
    }
    ++next;
    send_next();
  }

  void finish() {
    json case_ids = json::array();
    for (const auto& c : cases) {
      if (c.is_object() && c.contains("case_id")) case_ids.push_back(c["case_id"]);
    }
    log->info("wrote " + std::to_string(case_ids.size()) + " case(s) in " +
              std::to_string(requests.size()) + " request(s)");
    json output = {{"form_id", form_ids.empty() ? json(nullptr) : form_ids.front()},
                   {"form_ids", form_ids},
                   {"case_ids", std::move(case_ids)}};
    // A batch's output is stored on every run it carries: HQ's full case objects would make
    // that quadratic in the batch size, so only a single run keeps them.
    if (!batch) output["cases"] = std::move(cases);
    done(jobs::HandlerOutcome::success(std::move(output)));
  }
};

class CaseUpsertHandler final : public jobs::Handler {
 public:
  explicit CaseUpsertHandler(commcare::CaseUpsertBody body) : body_(std::move(body)) {}

  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    auto attempt = std::make_shared<CaseUpsertAttempt>();
    attempt->http = context.http;
    attempt->log = context.log;
    attempt->batch = context.batch != nullptr;
    std::vector<json> items;
    try {
      for (const json* state : context.states()) {
        for (auto& item : body_.render(*state)) items.push_back(std::move(item));
      }
    } catch (const mapping::MappingError& error) {
      context.log->error(std::string("params: ") + error.what());
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                                std::string("params: ") + error.what()));
    } catch (const std::exception& error) {
      context.log->error(std::string("params: ") + error.what());
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                                std::string("params: ") + error.what()));
    }
    if (!context.credential) {
      return done(jobs::HandlerOutcome::failure(
          jobs::ErrorKind::permanent, "commcare.case_upsert needs a commcare credential"));
    }
    if (items.empty()) {
      context.log->info("no cases to write (`each` gave no elements)");
      return done(jobs::HandlerOutcome::success({{"form_id", nullptr},
                                                 {"form_ids", json::array()},
                                                 {"case_ids", json::array()},
                                                 {"cases", json::array()}}));
    }
    const std::string url = commcare::project_url(*context.credential, "api/case/v2/");
    const auto auth = credential_header(*context.credential);
    for (std::size_t start = 0; start < items.size(); start += kMaxCasesPerRequest) {
      const std::size_t end = std::min(items.size(), start + kMaxCasesPerRequest);
      json chunk = json::array();
      for (std::size_t i = start; i < end; ++i) chunk.push_back(std::move(items[i]));
      HttpRequest request;
      request.method = "POST";
      request.url = url;
      if (auth) request.headers.push_back(*auth);
      request.headers.push_back({"Content-Type", "application/json"});
      request.body = chunk.dump(-1, ' ', false, json::error_handler_t::replace);
      attempt->requests.push_back(std::move(request));
    }
    if (context.batch) {
      // Every run of the batch gets this log: from any of them, find the others.
      std::string runs;
      if (context.batch_run_ids) {
        for (const auto& id : *context.batch_run_ids) runs += (runs.empty() ? "" : ", ") + id;
      }
      context.log->info(std::to_string(items.size()) + " case(s) from " +
                        std::to_string(context.batch->size()) + " run(s): " + runs);
    }
    attempt->done = std::move(done);
    attempt->send_next();
  }

 private:
  commcare::CaseUpsertBody body_;
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(job.params, {"each", "case_id", "external_id", "case_type", "case_name",
                                        "owner_id", "properties", "indices", "close"});
  auto body = commcare::CaseUpsertBody::compile(checks);
  checks.throw_if_any();
  return std::make_shared<CaseUpsertHandler>(std::move(*body));
}

}  // namespace

jobs::HandlerSpec commcare_case_upsert_handler_spec() {
  return {.name = "commcare.case_upsert",
          .summary = "creates, updates or upserts CommCare cases (Case API v2, bulk of <= 100)",
          .needs_credential = true,
          .credential_types = {"commcare"},
          .max_batch_items = kMaxCasesPerRequest,
          .create = create};
}

}  // namespace intake::adaptors
