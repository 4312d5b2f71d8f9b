#include "emulator/case_list.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "emulator/hq_values.hpp"
#include "intake/ingest/xml_to_json.hpp"

namespace intake::emulator {
namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 5000;

const std::set<std::string> kExactFilters = {"case_type", "owner_id", "case_name", "external_id",
                                             "closed"};
const std::set<std::string> kRangeFields = {"last_modified", "server_last_modified", "indexed_on",
                                            "date_opened", "date_closed"};
const std::set<std::string> kRangeOps = {"gt", "gte", "lt", "lte"};

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool is_field_param(const std::string& name) {
  return name == "fields" || name == "exclude" || starts_with(name, "fields.") ||
         starts_with(name, "exclude.");
}

// An unknown parameter is an error in HQ's v2 list.
std::string check_parameter(const std::string& name) {
  if (name == "limit" || name == "cursor" || kExactFilters.count(name) || is_field_param(name)) {
    return "";
  }
  if (starts_with(name, "indices.") || starts_with(name, "properties.")) return "";
  const auto dot = name.rfind('.');
  if (dot != std::string::npos && kRangeFields.count(name.substr(0, dot)) &&
      kRangeOps.count(name.substr(dot + 1))) {
    return "";
  }
  if (name == "query") return "The emulator does not support 'query' (xpath) filters.";
  return "'" + name + "' is not a valid parameter.";
}

std::optional<std::string> range_value(const Case& c, const std::string& field) {
  if (field == "last_modified") return c.last_modified;
  if (field == "server_last_modified") return c.server_last_modified;
  if (field == "indexed_on") return c.indexed_on;
  if (field == "date_opened") return c.date_opened;
  return c.date_closed;
}

// A date alone compares as that day's midnight; date-times are normalized to HQ's UTC form.
std::optional<std::string> comparable_time(const std::string& value) {
  if (value.find('T') == std::string::npos) {
    if (value.size() == 10 && value[4] == '-' && value[7] == '-')
      return value + "T00:00:00.000000Z";
    return std::nullopt;
  }
  return normalize_hq_datetime(value);
}

bool matches_one(const Case& c, const std::string& name, const std::string& value) {
  if (name == "case_type") return c.case_type == value;
  if (name == "owner_id") return c.owner_id == value;
  if (name == "case_name") return c.case_name == value;
  if (name == "external_id") return c.external_id == value;
  if (name == "closed") return c.closed == (value == "true");
  if (starts_with(name, "indices.")) {
    auto it = c.indices.find(name.substr(8));
    return it != c.indices.end() && it->second.case_id == value;
  }
  if (starts_with(name, "properties.")) {
    auto it = c.properties.find(name.substr(11));
    return (it == c.properties.end() ? std::string() : it->second) == value;
  }
  const auto dot = name.rfind('.');
  const auto have = range_value(c, name.substr(0, dot));
  const auto want = comparable_time(value);
  if (!have || !want) return false;
  const std::string op = name.substr(dot + 1);
  const int order = have->compare(*want);
  if (op == "gt") return order > 0;
  if (op == "gte") return order >= 0;
  if (op == "lt") return order < 0;
  return order <= 0;
}

using Filters = std::map<std::string, std::vector<std::string>>;

// A repeated key is OR-ed; different keys are AND-ed.
bool matches(const Case& c, const Filters& filters) {
  for (const auto& [name, values] : filters) {
    if (std::none_of(values.begin(), values.end(),
                     [&](const std::string& v) { return matches_one(c, name, v); })) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(sep, start);
    std::string part =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> field_paths(const QueryParams& params, const std::string& key) {
  std::vector<std::string> paths;
  for (const auto& [name, value] : params) {
    if (name == key) {
      for (auto& path : split(value, ',')) paths.push_back(path);
    } else if (starts_with(name, key + ".")) {
      const std::string parent = name.substr(key.size() + 1);
      for (auto& path : split(value, ',')) paths.push_back(parent + "." + path);
    }
  }
  return paths;
}

}  // namespace

std::string check_field_params(const QueryParams& params) {
  if (!field_paths(params, "fields").empty() && !field_paths(params, "exclude").empty()) {
    return "You cannot use both 'fields' and 'exclude'.";
  }
  return "";
}

nlohmann::json trim_case_fields(const nlohmann::json& case_json, const QueryParams& params) {
  const auto include = field_paths(params, "fields");
  const auto exclude = field_paths(params, "exclude");
  nlohmann::json out = case_json;
  if (!include.empty()) {
    out = nlohmann::json::object();
    for (const auto& path : include) {
      const auto dot = path.find('.');
      const std::string top = path.substr(0, dot);
      if (!case_json.contains(top)) continue;
      if (dot == std::string::npos) {
        out[top] = case_json[top];
      } else if (case_json[top].is_object() && case_json[top].contains(path.substr(dot + 1))) {
        out[top][path.substr(dot + 1)] = case_json[top][path.substr(dot + 1)];
      }
    }
  }
  for (const auto& path : exclude) {
    const auto dot = path.find('.');
    if (dot == std::string::npos) {
      out.erase(path);
    } else if (out.contains(path.substr(0, dot)) && out[path.substr(0, dot)].is_object()) {
      out[path.substr(0, dot)].erase(path.substr(dot + 1));
    }
  }
  return out;
}

Response list_cases(const State& state, const CallContext& call, const Request& request) {
  const QueryParams params = parse_query(request.query);
  Filters filters;
  int limit = kDefaultLimit;
  std::optional<std::pair<std::string, std::string>> after;
  for (const auto& [name, value] : params) {
    if (auto error = check_parameter(name); !error.empty()) return error_response(400, error);
    if (name == "limit") {
      try {
        std::size_t used = 0;
        limit = std::stoi(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
      } catch (const std::exception&) {
        return error_response(400, "'limit' must be an integer, received '" + value + "'");
      }
      if (limit < 1) return error_response(400, "'limit' must be at least 1");
      if (limit > kMaxLimit) {
        return error_response(
            400, "Cannot request more than " + std::to_string(kMaxLimit) + " cases per request.");
      }
    } else if (name == "cursor") {
      const auto decoded = base64_decode(value);
      const QueryParams cursor = decoded ? parse_query(*decoded) : QueryParams{};
      const auto indexed_on = param(cursor, "indexed_on.gte");
      const auto last_case_id = param(cursor, "last_case_id");
      if (!indexed_on || !last_case_id) return error_response(400, "Invalid cursor");
      after.emplace(*indexed_on, *last_case_id);
    } else if (!is_field_param(name)) {
      if (name == "closed" && value != "true" && value != "false") {
        return error_response(400, "'closed' must be 'true' or 'false'");
      }
      const auto dot = name.rfind('.');
      if (dot != std::string::npos && kRangeOps.count(name.substr(dot + 1)) &&
          kRangeFields.count(name.substr(0, dot)) && !comparable_time(value)) {
        return error_response(400, "Cannot parse datetime '" + value + "'");
      }
      filters[name].push_back(value);
    }
  }
  if (auto error = check_field_params(params); !error.empty()) return error_response(400, error);

  std::vector<const Case*> matching;
  for (const Case* c : state.cases.list(call.domain)) {
    if (after && std::tie(c->indexed_on, c->case_id) <= std::tie(after->first, after->second)) {
      continue;
    }
    if (matches(*c, filters)) matching.push_back(c);
  }
  nlohmann::json body = {{"matching_records", matching.size()}, {"cases", nlohmann::json::array()}};
  const std::size_t page = std::min<std::size_t>(matching.size(), static_cast<std::size_t>(limit));
  for (std::size_t i = 0; i < page; ++i) {
    body["cases"].push_back(trim_case_fields(matching[i]->to_json(), params));
  }
  if (page < matching.size()) {
    const Case* last = matching[page - 1];
    QueryParams next;
    for (const auto& p : params) {
      if (p.first != "cursor") next.push_back(p);
    }
    next.emplace_back("cursor", base64_encode("indexed_on.gte=" + percent_encode(last->indexed_on) +
                                              "&last_case_id=" + percent_encode(last->case_id)));
    body["next"] = state.base_url + request.path + "?" + build_query(next);
  }
  return json_response(200, body);
}

}  // namespace intake::emulator
