#include "emulator/form_list.hpp"

#include <algorithm>

#include "emulator/query.hpp"
#include "intake/ingest/xml_to_json.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 1000;

std::string text(const json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

// A date alone is that day's midnight; date-times are compared in HQ's UTC form.
std::string comparable(const std::string& value) {
  if (value.find('T') == std::string::npos) return value + "T00:00:00.000000Z";
  return normalize_hq_datetime(value).value_or(value);
}

bool mentions_case(const json& node, const std::string& case_id) {
  if (node.is_object()) {
    if (node.value("@case_id", "") == case_id) return true;
    for (const auto& [key, value] : node.items()) {
      if (mentions_case(value, case_id)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& item : node) {
      if (mentions_case(item, case_id)) return true;
    }
  }
  return false;
}

bool matches(const json& form, const QueryParams& params) {
  static const json no_form = json::object();
  const json& tree = form.contains("form") ? form["form"] : no_form;
  for (const auto& [name, value] : params) {
    if (name == "xmlns" && text(tree, "@xmlns") != value) return false;
    if (name == "app_id" && text(form, "app_id") != value) return false;
    if (name == "case_id" && !mentions_case(tree, value)) return false;
    for (const char* field : {"received_on", "indexed_on", "server_modified_on"}) {
      const std::string stamp = text(form, field);
      if (name == std::string(field) + "_start" && stamp < comparable(value)) return false;
      if (name == std::string(field) + "_end" && stamp > comparable(value)) return false;
    }
  }
  const auto archived = param(params, "include_archived");
  if (form.value("archived", false) && archived != "true") return false;
  return true;
}

std::optional<int> integer(const std::string& value) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(value, &used);
    if (used == value.size()) return n;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

Response handle_form_list(const State& state, const CallContext& call, const Request& request,
                          const std::string& form_id) {
  if (request.method != "GET") return empty_response(405);
  if (!form_id.empty()) {
    const StoredForm* form = state.forms.find(call.domain, form_id);
    if (!form) return empty_response(404);
    return json_response(200, form->json);
  }
  const QueryParams params = parse_query(request.query);
  int limit = kDefaultLimit, offset = 0;
  if (auto value = param(params, "limit")) {
    auto n = integer(*value);
    if (!n || *n < 0) return error_response(400, "Invalid limit '" + *value + "' provided.");
    limit = std::min(*n == 0 ? kMaxLimit : *n, kMaxLimit);  // tastypie caps at max_limit
  }
  if (auto value = param(params, "offset")) {
    auto n = integer(*value);
    if (!n || *n < 0) return error_response(400, "Invalid offset '" + *value + "' provided.");
    offset = *n;
  }
  std::string order = param(params, "order_by").value_or("-received_on");
  const bool descending = !order.empty() && order.front() == '-';
  const std::string field = descending ? order.substr(1) : order;
  if (field != "received_on" && field != "server_modified_on" && field != "indexed_on") {
    return error_response(400, "Cannot order by '" + order + "'");
  }

  std::vector<const json*> matching;
  for (const StoredForm* form : state.forms.list(call.domain)) {
    if (matches(form->json, params)) matching.push_back(&form->json);
  }
  std::stable_sort(matching.begin(), matching.end(), [&](const json* a, const json* b) {
    const auto ka = std::make_pair(text(*a, field.c_str()), text(*a, "id"));
    const auto kb = std::make_pair(text(*b, field.c_str()), text(*b, "id"));
    return descending ? kb < ka : ka < kb;
  });

  json objects = json::array();
  const std::size_t begin = std::min<std::size_t>(offset, matching.size());
  const std::size_t end = std::min<std::size_t>(begin + limit, matching.size());
  for (std::size_t i = begin; i < end; ++i) objects.push_back(*matching[i]);

  auto page_url = [&](std::size_t page_offset) {
    QueryParams next;
    for (const auto& p : params) {
      if (p.first != "limit" && p.first != "offset") next.push_back(p);
    }
    next.emplace_back("limit", std::to_string(limit));
    next.emplace_back("offset", std::to_string(page_offset));
    return request.path + "?" + build_query(next);
  };
  json meta = {{"limit", limit},
               {"offset", offset},
               {"total_count", matching.size()},
               {"next", end < matching.size() ? json(page_url(end)) : json(nullptr)},
               {"previous",
                offset > 0 ? json(page_url(offset > limit ? offset - limit : 0)) : json(nullptr)}};
  return json_response(200, {{"meta", meta}, {"objects", objects}});
}

}  // namespace intake::emulator
