#include "emulator/case_api.hpp"

#include "emulator/case_blocks.hpp"
#include "emulator/case_changes.hpp"
#include "emulator/case_list.hpp"
#include "emulator/query.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxBulk = 100;  // HQ's CASEBLOCK_CHUNKSIZE
const char* kCaseApiXmlns = "http://commcarehq.org/case_api";

std::string strip_slashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return std::string(text);
}

std::optional<json> parse_body(const Request& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return std::nullopt;
  return body;
}

Response not_found(const std::string& what) { return error_response(404, what + " not found"); }

// Writes one request's items as one generated form, answering as HQ does.
Response write_cases(State& state, const CallContext& call, const Request& request,
                     const json& body, std::optional<WriteKind> fixed_kind,
                     const std::string& url_case_id = "", const std::string& url_external_id = "") {
  const bool bulk = body.is_array();
  if (bulk && body.size() > kMaxBulk) return error_response(400, "Payload too large");
  std::vector<CaseWrite> writes;
  std::string errors;
  const json items = bulk ? body : json::array({body});
  for (std::size_t i = 0; i < items.size(); ++i) {
    json item = items[i];
    if (!url_case_id.empty() && item.is_object()) item["case_id"] = url_case_id;
    if (!url_external_id.empty() && item.is_object()) item["external_id"] = url_external_id;
    CaseWrite write;
    if (auto error = read_case_write(item, bulk, fixed_kind, write)) {
      if (!bulk) return error_response(400, *error);
      errors +=
          (errors.empty() ? "" : "; ") + ("Error in row " + std::to_string(i + 1) + ": ") + *error;
      continue;
    }
    writes.push_back(std::move(write));
  }
  if (!errors.empty()) return error_response(400, errors);

  ResolvedWrites resolved = resolve_case_writes(writes, state.cases, call.domain, call.user_id);
  if (!resolved.error.empty()) return error_response(400, resolved.error);
  if (!resolved.processing_error.empty()) {
    const std::string form_id =
        record_error_form(state, call, kCaseApiXmlns, resolved.processing_error);
    return json_response(400, {{"error", resolved.processing_error}, {"form_id", form_id}});
  }
  const std::string device_id = std::string(request.header("user-agent").value_or(""));
  const std::string form_id =
      submit_generated_form(state, call, resolved.changes, kCaseApiXmlns, device_id);
  json answer = {{state.options.case_api_form_key, form_id}};
  const QueryParams params = parse_query(request.query);
  auto serialized = [&](const CaseChange& change) {
    return trim_case_fields(state.cases.find(call.domain, change.case_id)->to_json(), params);
  };
  if (bulk) {
    answer["cases"] = json::array();
    for (const auto& change : resolved.changes) answer["cases"].push_back(serialized(change));
  } else {
    answer["case"] = serialized(resolved.changes.front());
  }
  return json_response(200, answer);
}

json fetch_many(const State& state, const CallContext& call, const std::vector<std::string>& ids,
                const std::vector<std::string>& external_ids, const QueryParams& params) {
  json cases = json::array();
  int matching = 0, missing = 0;
  for (const auto& id : ids) {
    if (const Case* c = state.cases.find(call.domain, id)) {
      cases.push_back(trim_case_fields(c->to_json(), params));
      ++matching;
    } else {
      cases.push_back({{"case_id", id}, {"error", "not found"}});
      ++missing;
    }
  }
  for (const auto& id : external_ids) {
    const auto found = state.cases.find_by_external_id(call.domain, id);
    if (!found.empty()) {
      cases.push_back(trim_case_fields(found.front()->to_json(), params));
      ++matching;
    } else {
      cases.push_back({{"external_id", id}, {"error", "not found"}});
      ++missing;
    }
  }
  return {{"matching_records", matching}, {"missing_records", missing}, {"cases", cases}};
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    std::string id =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!id.empty()) ids.push_back(id);
    if (comma == std::string::npos) return ids;
    start = comma + 1;
  }
}

Response bulk_fetch(const State& state, const CallContext& call, const Request& request) {
  auto body = parse_body(request);
  if (!body || !body->is_object()) return error_response(400, "Invalid JSON");
  std::vector<std::string> ids, external_ids;
  for (const auto& [key, target] : {std::pair{"case_ids", &ids}, {"external_ids", &external_ids}}) {
    if (!body->contains(key)) continue;
    if (!(*body)[key].is_array()) return error_response(400, std::string(key) + " must be a list");
    for (const auto& id : (*body)[key]) {
      if (!id.is_string()) return error_response(400, std::string(key) + " must be strings");
      target->push_back(id.get<std::string>());
    }
  }
  if (ids.empty() && external_ids.empty()) {
    return error_response(400, "Payload must include 'case_ids' or 'external_ids' fields");
  }
  return json_response(200, fetch_many(state, call, ids, external_ids, parse_query(request.query)));
}

Response get_cases(const State& state, const CallContext& call, const Request& request,
                   const std::string& id_list) {
  const QueryParams params = parse_query(request.query);
  if (auto error = check_field_params(params); !error.empty()) return error_response(400, error);
  const auto ids = split_ids(percent_decode(id_list));
  if (ids.size() > 1) return json_response(200, fetch_many(state, call, ids, {}, params));
  const Case* c = ids.empty() ? nullptr : state.cases.find(call.domain, ids.front());
  if (!c) return not_found("Case '" + (ids.empty() ? std::string() : ids.front()) + "'");
  return json_response(200, trim_case_fields(c->to_json(), params));
}

}  // namespace

Response handle_case_api(State& state, const CallContext& call, const Request& request,
                         std::string_view rest) {
  const std::string tail = strip_slashes(rest);
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  const bool put = request.method == "PUT";

  if (tail.empty()) {
    if (get) return list_cases(state, call, request);
    if (!post && !put) return empty_response(405);
    auto body = parse_body(request);
    if (!body) return error_response(400, "Malformed JSON");
    if (put) {
      if (!body->is_object()) return error_response(400, "Payload must be a single JSON object");
      return write_cases(state, call, request, *body, WriteKind::update);
    }
    return write_cases(state, call, request, *body,
                       body->is_array() ? std::nullopt : std::optional(WriteKind::create));
  }
  if (tail == "bulk-fetch") {
    return post ? bulk_fetch(state, call, request) : empty_response(405);
  }
  if (tail.rfind("ext/", 0) == 0) {
    const std::string external_id = percent_decode(tail.substr(4));
    if (get) {
      const auto found = state.cases.find_by_external_id(call.domain, external_id);
      if (found.empty()) return not_found("Case with external_id '" + external_id + "'");
      return json_response(200,
                           trim_case_fields(found.front()->to_json(), parse_query(request.query)));
    }
    if (!put) return empty_response(405);
    auto body = parse_body(request);
    if (!body || !body->is_object()) return error_response(400, "Malformed JSON");
    // PUT /ext/<id>/ is an upsert: update when found, else create.
    const bool exists = !state.cases.find_by_external_id(call.domain, external_id).empty();
    return write_cases(state, call, request, *body, exists ? WriteKind::update : WriteKind::create,
                       "", external_id);
  }
  if (tail.find('/') != std::string::npos) return not_found("Page");
  if (get) return get_cases(state, call, request, tail);
  if (put) {
    auto body = parse_body(request);
    if (!body || !body->is_object()) return error_response(400, "Malformed JSON");
    return write_cases(state, call, request, *body, WriteKind::update, percent_decode(tail));
  }
  return empty_response(405);
}

}  // namespace intake::emulator
