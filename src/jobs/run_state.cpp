#include "jobs/run_state.hpp"

#include <stdexcept>

namespace intake::jobs {
namespace {

nlohmann::json parse_stored(const std::string& text, const char* what) {
  if (text.empty()) return nullptr;
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded())
    throw std::runtime_error(std::string("stored ") + what + " is not valid JSON");
  return value;
}

// Headers are stored as [{"name","value"}]; handlers get {"name": "value"}.
nlohmann::json headers_object(const std::string& stored) {
  auto object = nlohmann::json::object();
  const auto list = parse_stored(stored, "headers");
  if (!list.is_array()) return object;
  for (const auto& header : list) {
    if (header.is_object()) object[header.value("name", "")] = header.value("value", "");
  }
  return object;
}

}  // namespace

nlohmann::json build_state(const ClaimedRun& run) {
  nlohmann::json state = nlohmann::json::object();
  nlohmann::json request = {
      {"headers", nlohmann::json::object()}, {"query", nlohmann::json::object()}, {"path", ""}};
  if (!run.message_id.empty()) {
    request["headers"] = headers_object(run.message_headers);
    auto query = parse_stored(run.message_query, "query");
    if (query.is_object()) request["query"] = std::move(query);
    request["path"] = run.message_path;
  }
  state["references"] = nlohmann::json::array();
  if (!run.input.empty()) {
    auto input = parse_stored(run.input, "run input");
    if (!input.is_object()) throw std::runtime_error("stored run input is not a JSON object");
    state["data"] = input.contains("data") ? std::move(input["data"]) : nlohmann::json();
    if (input.contains("references")) state["references"] = std::move(input["references"]);
    if (input.contains("error")) state["error"] = std::move(input["error"]);
  } else if (run.kind == RunKind::cron) {
    state["data"] = parse_stored(run.cron_output, "cron output");
  } else {
    state["data"] = parse_stored(run.message_view, "message view");
  }
  state["request"] = std::move(request);
  return state;
}

std::string idempotency_key(const ClaimedRun& run) {
  const std::string& base = run.kind == RunKind::message ? run.message_id : run.id;
  return base + ":" + run.job;
}

}  // namespace intake::jobs
