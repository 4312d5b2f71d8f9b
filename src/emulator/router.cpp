#include "emulator/router.hpp"

#include <algorithm>

#include "emulator/auth.hpp"
#include "emulator/bulk_upload.hpp"
#include "emulator/case_api.hpp"
#include "emulator/control_api.hpp"
#include "emulator/form_list.hpp"
#include "emulator/form_receiver.hpp"
#include "emulator/hq_values.hpp"
#include "emulator/query.hpp"

namespace intake::emulator {
namespace {

struct Route {
  std::string endpoint = "unknown";
  DefaultAuth auth = DefaultAuth::digest;
  std::string domain;
  std::string rest;  // the path after /a/<domain>/
};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Route classify(const std::string& path) {
  Route route;
  if (!starts_with(path, "/a/")) return route;
  const auto slash = path.find('/', 3);
  if (slash == std::string::npos) return route;
  route.domain = percent_decode(path.substr(3, slash - 3));
  route.rest = path.substr(slash + 1);
  const auto parts = segments(route.rest);
  const std::string_view rest = route.rest;
  if (rest == "api/case/v2" || starts_with(rest, "api/case/v2/")) {
    route.endpoint = "case_api";
  } else if (rest == "importer/excel/bulk_upload_api/" ||
             rest == "importer/excel/bulk_upload_api") {
    route.endpoint = "bulk_upload";
  } else if (parts.size() == 5 && parts[0] == "importer" && parts[1] == "history" &&
             parts[2] == "uploads" && parts[4] == "status") {
    route.endpoint = "import_status";
  } else if (!parts.empty() && parts[0] == "receiver" && parts.size() <= 2) {
    route.endpoint = "receiver";
    route.auth = DefaultAuth::basic;  // HQ's mobile_auth defaults to Basic
  } else if ((parts.size() == 3 || parts.size() == 4) &&
             ((parts[0] == "api" && parts[1] == "v0.5" && parts[2] == "form") ||
              (parts[0] == "api" && parts[1] == "form" && parts[2] == "v1"))) {
    route.endpoint = "form_list";
  }
  return route;
}

Response dispatch(State& state, const CallContext& call, const Request& request,
                  const Route& route) {
  const auto parts = segments(route.rest);
  if (route.endpoint == "case_api") {
    return handle_case_api(state, call, request, std::string_view(route.rest).substr(11));
  }
  if (route.endpoint == "bulk_upload") return handle_bulk_upload(state, call, request);
  if (route.endpoint == "import_status") {
    if (request.method != "GET") return empty_response(405);
    return handle_import_status(state, call, parts[3]);
  }
  if (route.endpoint == "receiver") {
    // /receiver/, /receiver/<app_id>/, and HQ's aliases /receiver/api/, /receiver/submission/
    std::string app_id = parts.size() == 2 ? parts[1] : "";
    if (app_id == "api" || app_id == "submission") app_id.clear();
    return handle_form_submission(state, call, request, app_id);
  }
  return handle_form_list(state, call, request, parts.size() == 4 ? parts[3] : "");
}

Response not_found_page() {
  Response response;
  response.status = 404;
  response.content_type = "text/html; charset=utf-8";
  response.body = "<h1>Not Found</h1>";
  return response;
}

}  // namespace

Response route(State& state, const Request& request) {
  if (starts_with(request.path, kControlPrefix)) return handle_control(state, request);

  RecordedRequest& record = state.requests.emplace_back();
  record.seq = state.next_seq++;
  record.method = request.method;
  record.target = request.target;
  record.path = request.path;
  for (const auto& [name, value] : request.headers) record.headers[name] = value;
  record.body = request.body;
  const Route where = classify(request.path);
  record.endpoint = where.endpoint;
  auto finish = [&state, seq = record.seq](Response response, const std::string& username,
                                           const std::string& injected) {
    // The record may have moved (other requests appended): find it by its number.
    auto it = std::find_if(state.requests.rbegin(), state.requests.rend(),
                           [seq](const RecordedRequest& r) { return r.seq == seq; });
    if (it != state.requests.rend()) {
      it->status = response.status;
      it->username = username;
      it->injected = injected;
    }
    return response;
  };

  Injection injection = state.injector.next(request.path);
  if (injection.answer) return finish(std::move(*injection.answer), "", injection.kind);
  if (where.endpoint == "unknown") return finish(not_found_page(), "", injection.kind);

  AuthOutcome auth = authenticate(request, state.options.users, where.domain, where.auth);
  if (auth.refusal) {
    auth.refusal->delay = injection.delay;
    return finish(std::move(*auth.refusal), "", injection.kind);
  }
  CallContext call{where.domain, user_id_for(auth.user->username), auth.user->username};
  const auto& served = state.options.domains;
  Response response = std::find(served.begin(), served.end(), where.domain) == served.end()
                          ? empty_response(403)  // a member of a project this HQ lacks
                          : dispatch(state, call, request, where);
  response.delay = injection.delay;
  return finish(std::move(response), call.username, injection.kind);
}

}  // namespace intake::emulator
