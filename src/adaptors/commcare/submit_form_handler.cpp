// `commcare.submit_form`: builds an XForm from the run's state and posts it to HQ's receiver
// (OpenRosa 3.0). The form's instanceID is derived from the run, so a retry after a lost answer
// replaces the form on HQ instead of adding a second one.
#include <memory>

#include "adaptors/commcare/commcare_urls.hpp"
#include "adaptors/commcare/submit_form_ids.hpp"
#include "adaptors/commcare/submit_form_openrosa.hpp"
#include "adaptors/commcare/submit_form_xform.hpp"
#include "adaptors/credential_headers.hpp"
#include "adaptors/http_outcome.hpp"
#include "intake/config/config.hpp"
#include "intake/mapping/mapping_error.hpp"
#include "intake/mapping/template.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors {
namespace {

using nlohmann::json;

struct Settings {
  std::optional<mapping::Template> form;  // every param but timeout, rendered together
  std::chrono::milliseconds timeout{60'000};
};

std::string text_or(const json& value, const std::string& fallback) {
  if (value.is_null()) return fallback;
  return value.is_string() ? value.get<std::string>() : value.dump();
}

jobs::HandlerOutcome outcome_of(const HttpResponse& response, const std::string& what,
                                json output) {
  const auto answer = commcare::read_openrosa_answer(response.body);
  const std::string hq_says =
      answer.parsed ? answer.nature + (answer.message.empty() ? "" : ": " + answer.message)
                    : excerpt(response.body, 512);
  output["status"] = response.status;
  output["nature"] = answer.nature;
  output["message"] = answer.message;
  if (is_success(response.status)) {
    // OpenRosa 2.0 answers 201 even when the form was not processed: the nature decides.
    if (answer.nature == "submit_error" || answer.nature == "processing_failure")
      return jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                           what + " answered " + std::to_string(response.status) +
                                               " but HQ did not process the form: " + hq_says);
    return jobs::HandlerOutcome::success(std::move(output));
  }
  auto error = status_error(response, what);
  error->message = what + " answered " + std::to_string(response.status) + ": " + hq_says;
  // 422 processing_failure: HQ says do not resubmit unchanged (already permanent as a 4xx).
  return jobs::HandlerOutcome{nullptr, *error};
}

class SubmitFormHandler final : public jobs::Handler {
 public:
  explicit SubmitFormHandler(Settings settings) : settings_(std::move(settings)) {}

  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    if (!context.credential)
      return done(jobs::HandlerOutcome::failure(
          jobs::ErrorKind::permanent, "commcare.submit_form needs a commcare credential"));
    HttpRequest request;
    json output;
    try {
      const json form = settings_.form->render(*context.state);
      // Stable for the run (every attempt, every restart), different for every other run.
      const std::string run_name = context.idempotency_key + "/" + context.run_id;
      commcare::XFormInput input;
      input.xmlns = text_or(form.value("xmlns", json()), "");
      if (input.xmlns.empty()) throw std::invalid_argument("/xmlns rendered empty");
      input.name = text_or(form.value("name", json()), "intake form");
      input.fields = form.value("fields", json::object());
      if (input.fields.is_null()) input.fields = json::object();
      if (!input.fields.is_object())
        throw std::invalid_argument("/fields must render to a mapping");
      const auto now = std::chrono::system_clock::now();
      input.meta.instance_id = commcare::uuid_from_name("form:" + run_name);
      input.meta.time_start = commcare::iso_millis(now);
      input.meta.time_end = input.meta.time_start;
      input.meta.user_id = text_or(form.value("user_id", json()), "");
      input.meta.username = text_or(form.value("username", json()), context.credential->username);
      input.meta.device_id = text_or(form.value("device_id", json()), "intake");
      if (form.contains("case") && !form["case"].is_null()) {
        input.case_block = form["case"];
        if (!input.case_block.is_object())
          throw std::invalid_argument("/case must render to a mapping");
        if (text_or(input.case_block.value("case_id", json()), "").empty())
          input.case_block["case_id"] = commcare::uuid_from_name("case:" + run_name);
        if (input.case_block.contains("create") && input.case_block["create"].is_object() &&
            text_or(input.case_block["create"].value("owner_id", json()), "").empty())
          input.case_block["create"]["owner_id"] = input.meta.user_id;
        if (input.case_block.contains("close") && !input.case_block["close"].is_boolean()) {
          const std::string close = text_or(input.case_block["close"], "");
          input.case_block["close"] = close == "true" || close == "yes" || close == "1";
        }
        output["case_id"] = input.case_block["case_id"];
      }
      request.body = commcare::build_xform(input);
      output["instance_id"] = input.meta.instance_id;
      output["form_id"] = input.meta.instance_id;
      const std::string app_id = text_or(form.value("app_id", json()), context.credential->app_id);
      request.url = commcare::project_url(
          *context.credential, app_id.empty() ? "receiver/" : "receiver/" + app_id + "/");
    } catch (const mapping::MappingError& error) {
      context.log->error(std::string("params: ") + error.what());
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                                std::string("params: ") + error.what()));
    } catch (const std::exception& error) {
      context.log->error(std::string("params: ") + error.what());
      return done(jobs::HandlerOutcome::failure(jobs::ErrorKind::permanent,
                                                std::string("params: ") + error.what()));
    }
    request.method = "POST";
    if (auto auth = credential_header(*context.credential)) request.headers.push_back(*auth);
    request.headers.push_back({"Content-Type", "text/xml; charset=utf-8"});
    request.headers.push_back({"X-OpenRosa-Version", "3.0"});
    request.total_timeout = settings_.timeout;
    const std::string what = "POST " + request.url;
    context.log->info(what + " (instanceID " + output["instance_id"].get<std::string>() + ")");
    jobs::RunLog* log = context.log;
    context.http->send(std::move(request), [done = std::move(done), what, log,
                                            output = std::move(output)](HttpResult result) mutable {
      if (!result.ok()) {
        const auto error = transport_error(result.error(), what);
        log->error(error.message);
        return done(jobs::HandlerOutcome{nullptr, error});
      }
      log->info("answered " + std::to_string(result.response().status));
      auto outcome = outcome_of(result.response(), what, std::move(output));
      if (!outcome.ok()) log->error(outcome.error->message);
      done(std::move(outcome));
    });
  }

 private:
  Settings settings_;
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(job.params, {"xmlns", "name", "fields", "case", "user_id", "username",
                                        "device_id", "app_id", "timeout"});
  Settings settings;
  checks.required_string("xmlns", "the form's xmlns, e.g. http://openrosa.org/formdesigner/…");
  const json& params = checks.params();
  if (checks.has("fields") && !params["fields"].is_object() && !params["fields"].is_string())
    checks.problem("/fields", "fields must be a mapping of answers (or a template giving one)");
  if (checks.has("case")) {
    const json& c = params["case"];
    if (!c.is_object() && !c.is_string()) {
      checks.problem("/case", "case must be a mapping {case_id, create, update, close, index}");
    } else if (c.is_object()) {
      for (const auto& [key, value] : c.items()) {
        if (key != "case_id" && key != "create" && key != "update" && key != "close" &&
            key != "index")
          checks.problem("/case/" + key,
                         "unknown case key '" + key + "' (case_id, create, update, close, index)");
      }
      if (c.contains("create")) {
        if (!c["create"].is_object()) {
          checks.problem("/case/create", "create must be {case_type, case_name, owner_id}");
        } else {
          for (const char* field : {"case_type", "case_name"})
            if (!c["create"].contains(field))
              checks.problem("/case/create", std::string(field) + " is required to create a case");
        }
      } else if (!c.contains("case_id")) {
        checks.problem("/case", "give case_id (an existing case) or create (a new case)");
      }
    }
  }
  settings.timeout = checks.duration("timeout", std::chrono::milliseconds(1), settings.timeout);
  json form = json::object();
  for (const auto& [key, value] : params.items())
    if (key != "timeout") form[key] = value;
  try {
    settings.form = mapping::Template::compile(form, "");
  } catch (const mapping::TemplateError& error) {
    for (const auto& problem : error.problems()) checks.problem(problem.where, problem.message);
  }
  checks.throw_if_any();
  return std::make_shared<SubmitFormHandler>(std::move(settings));
}

}  // namespace

jobs::HandlerSpec commcare_submit_form_handler_spec() {
  return {.name = "commcare.submit_form",
          .summary = "submits an XForm (answers and a case block) to CommCare HQ's receiver",
          .needs_credential = true,
          .credential_types = {"commcare"},
          .create = create};
}

}  // namespace intake::adaptors
