#include "emulator/control_api.hpp"

#include "emulator/seed.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

Response ok() { return json_response(200, {{"ok", true}}); }

std::string path_prefix(const json& body) { return body.value("path_prefix", ""); }

Response post_fail(State& state, const json& body) {
  FailureSpec spec;
  spec.count = body.value("count", 1);
  spec.status = body.value("status", 503);
  if (body.contains("retry_after") && body["retry_after"].is_number_integer()) {
    spec.retry_after = body["retry_after"].get<int>();
  }
  spec.body = body.value("body", "");
  spec.path_prefix = path_prefix(body);
  if (spec.status < 100 || spec.status > 599) return error_response(400, "status must be 100-599");
  state.injector.add_failure(spec);
  return ok();
}

}  // namespace

void reset_state(State& state) {
  state.requests.clear();
  state.next_seq = 1;
  state.injector.reset();
  state.fail_imports = 0;
  state.cases.clear();
  state.forms.clear();
  state.imports.clear();
  state.import_order.clear();
  if (!state.options.seed_fixtures.empty()) seed_from_fixtures(state, state.options.seed_fixtures);
}

json cases_json(const State& state) {
  json out = json::array();
  for (const Case* c : state.cases.list("")) {
    json item = c->to_json();
    item["xform_ids"] = c->xform_ids;
    item["user_id"] = c->user_id;
    out.push_back(std::move(item));
  }
  return out;
}

json forms_json(const std::vector<StoredForm>& forms) {
  json out = json::array();
  for (const auto& form : forms) out.push_back(form.json);
  return out;
}

json current_forms_json(const State& state) {
  json out = json::array();
  for (const StoredForm* form : state.forms.list("")) out.push_back(form->json);
  return out;
}

json imports_json(const State& state) {
  json out = json::array();
  for (const auto& id : state.import_order) out.push_back(state.imports.at(id).to_json());
  return out;
}

Response handle_control(State& state, const Request& request) {
  const std::string name = request.path.substr(kControlPrefix.size());
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  json body = json::object();
  if (post && !request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return error_response(400, "the body must be a JSON object");
    }
  }
  try {
    if (get && name == "health") {
      return json_response(200, {{"status", "ok"}, {"domains", state.options.domains}});
    }
    if (get && name == "requests") {
      json requests = json::array();
      for (const auto& recorded : state.requests) requests.push_back(recorded.to_json());
      return json_response(200, {{"requests", requests}});
    }
    if (request.method == "DELETE" && name == "requests") {
      state.requests.clear();
      return ok();
    }
    if (get && name == "cases") return json_response(200, {{"cases", cases_json(state)}});
    if (get && name == "forms") {
      return json_response(200, {{"forms", current_forms_json(state)},
                                 {"replaced", forms_json(state.forms.replaced())},
                                 {"duplicates", forms_json(state.forms.duplicates())},
                                 {"errors", forms_json(state.forms.errors())}});
    }
    if (get && name == "imports") return json_response(200, {{"imports", imports_json(state)}});
    if (post && name == "fail") return post_fail(state, body);
    if (post && name == "delay") {
      state.injector.add_delay(body.value("count", 1),
                               std::chrono::milliseconds(body.value("delay_ms", 1000)),
                               path_prefix(body));
      return ok();
    }
    if (post && name == "rate-limit") {
      state.injector.set_rate_limit(body.value("requests", 0),
                                    std::chrono::milliseconds(body.value("window_ms", 1000)),
                                    body.value("retry_after", 1));
      return ok();
    }
    if (post && name == "fail-imports") {
      state.fail_imports += body.value("count", 1);
      return ok();
    }
    if (post && name == "reset") {
      reset_state(state);
      return ok();
    }
  } catch (const json::exception& e) {
    return error_response(400, std::string("bad control request: ") + e.what());
  }
  return error_response(404, "unknown control endpoint " + request.method + " " + request.path);
}

}  // namespace intake::emulator
