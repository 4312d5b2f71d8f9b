#include "ingest/request_route.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>
#include <nlohmann/json.hpp>

namespace intake::ingest_detail {

RequestRoute route_request(std::string_view target) {
  RequestRoute route;
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    route.kind = RequestRoute::Kind::malformed;
    return route;
  }
  const boost::urls::url_view url = *parsed;
  const std::string_view path = url.encoded_path();
  if (path == "/healthz") {
    route.kind = RequestRoute::Kind::healthz;
    return route;
  }
  if (path == "/readyz") {
    route.kind = RequestRoute::Kind::readyz;
    return route;
  }
  auto segments = url.segments();  // decoded
  auto it = segments.begin();
  if (it == segments.end() || *it != "inbox") return route;
  ++it;
  if (it == segments.end() || (*it).empty()) return route;
  route.kind = RequestRoute::Kind::inbox;
  route.inbox = *it;
  // The suffix is kept as sent: everything after "/inbox/<name>/". Segments are found in the
  // encoded path, so that a percent-encoded "inbox" (e.g. /%69nbox/...) does not shift it.
  const auto name_start = path.find('/', 1);
  const auto name_end = path.find('/', name_start + 1);
  if (name_end != std::string_view::npos) {
    route.path_suffix = std::string(path.substr(name_end + 1));
  }
  if (url.has_query()) route.query = std::string(url.encoded_query());
  return route;
}

std::string query_params_json(std::string_view query) {
  nlohmann::json params = nlohmann::json::object();
  if (query.empty()) return params.dump();
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) return params.dump();
  boost::urls::encoding_opts options;
  options.space_as_plus = true;  // HTML-form style: '+' in a query means a space
  for (auto param : *parsed) {
    std::string key = param.key.decode(options);
    std::string value = param.has_value ? param.value.decode(options) : std::string();
    auto existing = params.find(key);
    if (existing == params.end()) {
      params[key] = value;
    } else {
      if (!existing->is_array()) *existing = nlohmann::json::array({*existing});
      existing->push_back(value);
    }
  }
  return params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace intake::ingest_detail
