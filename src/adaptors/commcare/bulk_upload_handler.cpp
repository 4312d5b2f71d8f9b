// `commcare.bulk_upload`: HQ's Bulk Upload Case Data API. The rows of every run in the attempt
// (one per message, or one per `each` item) become one .xlsx, uploaded as multipart/form-data;
// then `status_url` is polled with backoff until the import is complete or failed.
#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>

#include "adaptors/commcare/bulk_upload_multipart.hpp"
#include "adaptors/commcare/bulk_upload_status.hpp"
#include "adaptors/commcare/bulk_upload_xlsx.hpp"
#include "adaptors/credential_headers.hpp"
#include "adaptors/http_outcome.hpp"
#include "intake/adaptors/http_client.hpp"
#include "intake/common/event_loop.hpp"
#include "intake/config/config.hpp"
#include "intake/mapping/each_template.hpp"
#include "intake/mapping/mapping_error.hpp"
#include "jobs/param_checks.hpp"

namespace intake::adaptors::commcare {
namespace {

using namespace std::chrono_literals;

struct Settings {
  std::optional<mapping::EachTemplate> rows;
  std::vector<std::string> columns;  // the keys of `rows`, in order
  std::string case_type;
  std::string search_field = "case_id";
  std::string search_column;
  bool create_new_cases = false;
  std::string name_column;
  std::string comment;
  std::string filename = "intake-upload.xlsx";
  std::chrono::milliseconds timeout{120'000};  // the upload request
  std::chrono::milliseconds poll_initial{1'000};
  std::chrono::milliseconds poll_max{30'000};
  std::chrono::milliseconds status_timeout{600'000};
};

std::string cell_text(const nlohmann::json& value) {
  if (value.is_null()) return "";
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// One attempt: the rows it uploads, then the polling. Shared by its callbacks.
struct Attempt : std::enable_shared_from_this<Attempt> {
  Settings settings;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row_runs;  // the run each row came from
  HttpClient* http = nullptr;
  EventLoop* loop = nullptr;
  jobs::RunLog* log = nullptr;
  std::optional<HttpHeader> auth;
  std::string base_url;
  jobs::AttemptDone done;
  std::string status_url;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::milliseconds delay{0};
  std::mutex timer_mutex;
  std::unique_ptr<Timer> timer;
  int polls = 0;

  void finish(jobs::HandlerOutcome outcome) {
    {
      std::lock_guard lock(timer_mutex);
      timer.reset();  // never called from the timer's own callback (see poll)
    }
    auto callback = std::move(done);
    callback(std::move(outcome));
  }
  void fail(jobs::HandlerError error) {
    log->error(error.message);
    finish(jobs::HandlerOutcome{nullptr, std::move(error)});
  }

  HttpRequest request(std::string method, std::string url) const {
    HttpRequest r;
    r.method = std::move(method);
    r.url = std::move(url);
    if (auth) r.headers.push_back(*auth);
    r.headers.push_back({"Accept", "application/json"});
    r.total_timeout = settings.timeout;
    return r;
  }

  void upload(std::string xlsx) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"case_type", settings.case_type},
        {"search_field", settings.search_field},
        {"search_column", settings.search_column}};
    if (settings.create_new_cases) fields.emplace_back("create_new_cases", "on");
    if (!settings.name_column.empty()) fields.emplace_back("name_column", settings.name_column);
    if (!settings.comment.empty()) fields.emplace_back("comment", settings.comment);
    auto form =
        multipart_form(fields, {"file", settings.filename,
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                std::move(xlsx)});
    HttpRequest r = request("POST", base_url + "/importer/excel/bulk_upload_api/");
    r.headers.push_back({"Content-Type", form.content_type});
    r.body = std::move(form.body);
    const std::string what = "POST " + r.url;
    log->info(what + " (" + std::to_string(rows.size()) + " rows, " +
              std::to_string(settings.columns.size()) + " columns)");
    http->send(std::move(r), [self = shared_from_this(), what](HttpResult result) {
      self->uploaded(std::move(result), what);
    });
  }

  void uploaded(HttpResult result, const std::string& what) {
    if (!result.ok()) return fail(transport_error(result.error(), what));
    const HttpResponse& response = result.response();
    log->info("answered " + std::to_string(response.status));
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (auto error = status_error(response, what)) {
      // HQ answers bad input (a missing field, an unreadable file) with 500 {"code": 500,
      // "message"}: sending the same upload again cannot help. An HTML 500 is retried.
      if (response.status == 500 && body.is_object() && body.value("code", 0) == 500 &&
          body.contains("message"))
        error->kind = jobs::ErrorKind::permanent;
      return fail(*error);
    }
    if (!body.is_object() || !body.contains("status_url") || !body["status_url"].is_string()) {
      return fail({jobs::ErrorKind::permanent,
                   what + " answered without a status_url: " + excerpt(response.body, 512),
                   {}});
    }
    status_url = body["status_url"].get<std::string>();
    if (!status_url.empty() && status_url.front() == '/') {
      // Relative: resolve against the credential's host.
      const auto scheme_end = base_url.find("://");
      const auto host_end = base_url.find('/', scheme_end + 3);
      status_url = base_url.substr(0, host_end) + status_url;
    }
    log->info("import started; status_url " + status_url);
    deadline = std::chrono::steady_clock::now() + settings.status_timeout;
    delay = settings.poll_initial;
    schedule();
  }

  void schedule() {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) {
      return fail({jobs::ErrorKind::retryable,
                   "the import did not finish within status_timeout (" +
                       std::to_string(settings.status_timeout.count()) + " ms, " +
                       std::to_string(polls) + " polls); status_url " + status_url,
                   {}});
    }
    const auto wait = std::min(delay, left);
    delay = std::min(delay * 2, settings.poll_max);
    std::lock_guard lock(timer_mutex);
    timer = loop->after(wait, [self = shared_from_this()] { self->poll(); });
  }

  void poll() {
    ++polls;
    const std::string what = "GET " + status_url;
    http->send(request("GET", status_url), [self = shared_from_this(), what](HttpResult result) {
      self->polled(std::move(result), what);
    });
  }

  void polled(HttpResult result, const std::string& what) {
    if (!result.ok()) {
      // The import runs on HQ whatever happens here: keep polling rather than upload again.
      log->warn(transport_error(result.error(), what).message);
      return schedule();
    }
    const HttpResponse& response = result.response();
    if (auto error = status_error(response, what)) {
      if (error->kind == jobs::ErrorKind::permanent) return fail(*error);
      log->warn(error->message);
      if (error->retry_after) delay = std::max(delay, *error->retry_after);
      return schedule();
    }
    const auto status = nlohmann::json::parse(response.body, nullptr, false);
    ImportStatus parsed = parse_import_status(status);
    if (!parsed.valid) {
      return fail({jobs::ErrorKind::permanent,
                   what + " answered an unknown status: " + excerpt(response.body, 512),
                   {}});
    }
    if (parsed.state == 3) {
      return fail({jobs::ErrorKind::permanent,
                   "the import failed on HQ (state 3); status_url " + status_url + ": " +
                       excerpt(status.dump(), 1024),
                   {}});
    }
    if (parsed.state != 2) return schedule();
    const nlohmann::json result_json = status.value("result", nlohmann::json::object());
    log->info("import complete: " + result_json.dump());
    if (!parsed.errors.empty()) {
      log_row_errors(parsed.errors);
      return fail({jobs::ErrorKind::permanent,
                   std::to_string(parsed.errors.size()) + " row error(s) in the import: " +
                       parsed.errors.front().summary() + "; status_url " + status_url,
                   {}});
    }
    finish(jobs::HandlerOutcome::success(
        {{"status_url", status_url}, {"rows", rows.size()}, {"result", result_json}}));
  }

  // Each error with the rows it names: spreadsheet rows count from 1, the header is row 1.
  void log_row_errors(const std::vector<ImportRowError>& errors) {
    constexpr std::size_t kMaxRowsLogged = 50;
    for (const auto& error : errors) {
      log->error("row error: " + error.summary());
      std::size_t logged = 0;
      for (const auto row : error.rows) {
        if (logged++ == kMaxRowsLogged) {
          log->error("  … " + std::to_string(error.rows.size() - kMaxRowsLogged) + " more rows");
          break;
        }
        const auto index = row - 2;
        if (row < 2 || index >= static_cast<std::int64_t>(rows.size())) {
          log->error("  row " + std::to_string(row) + ": not a row of this upload");
          continue;
        }
        nlohmann::json cells = nlohmann::json::object();
        for (std::size_t c = 0; c < settings.columns.size(); ++c)
          cells[settings.columns[c]] = rows[static_cast<std::size_t>(index)][c];
        log->error("  row " + std::to_string(row) + " (run " +
                   row_runs[static_cast<std::size_t>(index)] + "): " + cells.dump());
      }
    }
  }
};

class BulkUploadHandler final : public jobs::Handler {
 public:
  explicit BulkUploadHandler(Settings settings) : settings_(std::move(settings)) {}

  void run(const jobs::AttemptContext& context, jobs::AttemptDone done) const override {
    auto attempt = std::make_shared<Attempt>();
    attempt->settings = settings_;
    attempt->http = context.http;
    attempt->loop = context.loop;
    attempt->log = context.log;
    attempt->done = std::move(done);
    if (!context.credential) {
      return attempt->fail({jobs::ErrorKind::permanent, "a commcare credential is required", {}});
    }
    attempt->auth = credential_header(*context.credential);
    attempt->base_url =
        trim_slash(context.credential->base_url) + "/a/" + context.credential->domain;
    std::string xlsx;
    try {
      gather(context, *attempt);
      if (attempt->rows.empty()) {
        context.log->info("no rows to upload");
        return attempt->finish(
            jobs::HandlerOutcome::success({{"rows", 0}, {"status_url", nullptr}}));
      }
      xlsx = bulk_upload_xlsx(settings_.columns, attempt->rows);
    } catch (const mapping::MappingError& error) {
      return attempt->fail(
          {jobs::ErrorKind::permanent, std::string("params: ") + error.what(), {}});
    } catch (const std::exception& error) {
      return attempt->fail({jobs::ErrorKind::permanent, error.what(), {}});
    }
    attempt->upload(std::move(xlsx));
  }

 private:
  void gather(const jobs::AttemptContext& context, Attempt& attempt) const {
    const auto states = context.states();
    for (std::size_t s = 0; s < states.size(); ++s) {
      const std::string run_id = context.batch_run_ids && s < context.batch_run_ids->size()
                                     ? (*context.batch_run_ids)[s]
                                     : context.run_id;
      std::vector<nlohmann::json> items;
      try {
        items = settings_.rows->render(*states[s]);
      } catch (const mapping::MappingError& error) {
        throw std::runtime_error("params: run " + run_id + ": " + error.what());
      }
      for (const auto& item : items) {
        std::vector<std::string> row;
        row.reserve(settings_.columns.size());
        for (const auto& column : settings_.columns)
          row.push_back(item.contains(column) ? cell_text(item[column]) : "");
        attempt.rows.push_back(std::move(row));
        attempt.row_runs.push_back(run_id);
      }
    }
  }

  Settings settings_;
};

std::shared_ptr<const jobs::Handler> create(const JobConfig& job) {
  jobs::ParamChecks checks(
      job.params, {"rows", "each", "case_type", "search_field", "search_column", "create_new_cases",
                   "name_column", "comment", "filename", "timeout", "poll_initial", "poll_max",
                   "status_timeout"});
  Settings settings;
  settings.case_type = checks.required_string("case_type", "the case type the rows import into");
  settings.search_field = checks.one_of("search_field", {"case_id", "external_id"}, "case_id");
  settings.search_column = checks.string("search_column", settings.search_field);
  settings.create_new_cases = checks.boolean("create_new_cases", false);
  settings.name_column = checks.string("name_column", "");
  settings.comment = checks.string("comment", "");
  settings.filename = checks.string("filename", settings.filename);
  if (settings.filename.size() < 5 ||
      settings.filename.compare(settings.filename.size() - 5, 5, ".xlsx") != 0) {
    checks.problem("/filename", "filename must end in .xlsx (HQ checks the extension)");
  }
  settings.timeout = checks.duration("timeout", 1ms, settings.timeout);
  settings.poll_initial = checks.duration("poll_initial", 1ms, settings.poll_initial);
  settings.poll_max = checks.duration("poll_max", 1ms, settings.poll_max);
  settings.status_timeout = checks.duration("status_timeout", 1ms, settings.status_timeout);
  std::optional<std::string> each;
  if (checks.has("each")) {
    if (checks.params()["each"].is_string()) {
      each = checks.params()["each"].get<std::string>();
    } else {
      checks.problem("/each", "each must be a pointer such as \"/data/form/child | default: []\"");
    }
  }
  if (!checks.has("rows") || !checks.params()["rows"].is_object() ||
      checks.params()["rows"].empty()) {
    checks.problem("/rows",
                   "rows must be a mapping of column names to values (one row per "
                   "message, or per item with each:)");
  } else {
    for (const auto& [column, value] : checks.params()["rows"].items())
      settings.columns.push_back(column);
    if (std::find(settings.columns.begin(), settings.columns.end(), settings.search_column) ==
        settings.columns.end()) {
      checks.problem("/rows", "rows has no column '" + settings.search_column +
                                  "' (the search column: search_column, or search_field)");
    }
    try {
      settings.rows =
          mapping::EachTemplate::compile(each, checks.params()["rows"], "/each", "/rows");
    } catch (const mapping::TemplateError& error) {
      for (const auto& problem : error.problems()) checks.problem(problem.where, problem.message);
    }
  }
  checks.throw_if_any();
  return std::make_shared<BulkUploadHandler>(std::move(settings));
}

}  // namespace

jobs::HandlerSpec bulk_upload_handler_spec() {
  return {.name = "commcare.bulk_upload",
          .summary = "imports rows into CommCare cases (Bulk Upload Case Data API, .xlsx)",
          .needs_credential = true,
          .credential_types = {"commcare"},
          .max_batch_items = 1000,
          .create = create};
}

}  // namespace intake::adaptors::commcare
