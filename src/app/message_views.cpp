#include "app/message_views.hpp"

#include "app/inspect_format.hpp"
#include "app/run_views.hpp"
#include "app/text_table.hpp"

namespace intake::inspect {
namespace {

using Json = nlohmann::ordered_json;

std::string joined(const std::vector<std::string>& names, const char* none) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? none : text;
}

// "text/xml; charset=utf-8" → "text/xml": the listing has no room for parameters.
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type.empty() ? "-" : type;
}

std::string request_line(const StoredMessage& message) {
  return message.method + " /inbox/" + message.inbox +
         (message.path_suffix.empty() ? "" : "/" + message.path_suffix) +
         (message.query.empty() ? "" : "?" + message.query);
}

void print_query(std::ostream& out, const std::string& params_json) {
  const auto params = parse_json(params_json);
  if (!params || !params->is_object() || params->empty()) return;
  out << "query\n";
  for (const auto& [name, value] : params->items()) {
    out << "  " << name << " = "
        << (value.is_string() ? value.get<std::string>()
                              : value.dump(-1, ' ', false, Json::error_handler_t::replace))
        << "\n";
  }
}

void print_body(std::ostream& out, const StoredMessage& message, const std::string& config_path) {
  const std::string size = std::to_string(message.body.size()) + " bytes";
  if (message.body.empty()) {
    out << "body\n  (empty)\n";
    return;
  }
  if (const auto json = parse_json(message.body)) {
    out << "body (" << size << ", JSON, pretty-printed)\n" << pretty(*json) << "\n";
    return;
  }
  const std::string id_hint = "intake message --config " + config_path + " " + message.id;
  if (!is_utf8(message.body)) {
    out << "body (" << size << ")\n  (not UTF-8 text; `" << id_hint
        << " --body-only` writes the bytes as received)\n";
    return;
  }
  out << "body (" << size << ", as received)\n" << message.body;
  if (message.body.back() != '\n') out << "\n";
  if (message.json_view != message.body) {
    out << "(the JSON view the filters match: `" << id_hint << " --view`)\n";
  }
}

}  // namespace

void print_messages_table(std::ostream& out, const std::vector<MessageWithRuns>& messages) {
  TextTable table({"ID", "RECEIVED", "INBOX", "TYPE", "SIZE", "TRIGGERS", "RUNS"});
  for (const auto& [message, runs] : messages) {
    table.add({message.id, utc_time(message.received_at_ms, false), message.inbox,
               media_type(message.content_type), byte_size(message.body.size()),
               joined(message.matched_triggers, "-"), runs_summary(runs)});
  }
  table.print(out);
}

Json message_summary_json(const MessageWithRuns& item) {
  const StoredMessage& message = item.message;
  return {{"id", message.id},
          {"inbox", message.inbox},
          {"received_at", utc_time(message.received_at_ms)},
          {"method", message.method},
          {"path_suffix", message.path_suffix},
          {"query", message.query},
          {"remote_addr", message.remote_addr},
          {"content_type", message.content_type},
          {"size", message.body.size()},
          {"dedupe_key", message.dedupe_key.empty() ? Json() : Json(message.dedupe_key)},
          {"matched_triggers", message.matched_triggers},
          {"runs", runs_summary_json(item.runs)}};
}

Json message_json(const MessageWithRuns& item) {
  const StoredMessage& message = item.message;
  Json out = message_summary_json(item);
  out.erase("runs");
  out["query_params"] = parse_json(message.query_params_json).value_or(Json::object());
  Json headers = Json::array();
  for (const auto& header : message.headers) {
    headers.push_back({{"name", header.name}, {"value", header.value}});
  }
  out["headers"] = std::move(headers);
  const bool text = is_utf8(message.body);
  out["body_encoding"] = text ? "utf-8" : "base64";
  out["body"] = text ? message.body : base64(message.body);
  out["view"] = parse_json(message.json_view).value_or(Json());
  Json runs = Json::array();
  for (const auto& run : item.runs) runs.push_back(run_summary_json(run));
  out["runs"] = std::move(runs);
  return out;
}

void print_message(std::ostream& out, const MessageWithRuns& item, const std::string& config_path) {
  const StoredMessage& message = item.message;
  TextTable fields({"message", message.id});
  fields.add({"  inbox", message.inbox});
  fields.add({"  received", utc_time(message.received_at_ms)});
  fields.add({"  request", request_line(message)});
  fields.add({"  from", message.remote_addr.empty() ? "-" : message.remote_addr});
  fields.add({"  content type", message.content_type.empty() ? "-" : message.content_type});
  fields.add({"  size", std::to_string(message.body.size()) + " bytes"});
  if (!message.dedupe_key.empty()) fields.add({"  dedupe key", message.dedupe_key});
  fields.add({"  triggers", joined(message.matched_triggers, "(none matched)")});
  fields.print(out);

  out << "headers\n";
  if (message.headers.empty()) out << "  (none kept)\n";
  for (const auto& header : message.headers)
    out << "  " << header.name << ": " << header.value << "\n";
  print_query(out, message.query_params_json);
  print_body(out, message, config_path);

  out << "runs: " << state_counts_text(count_states(item.runs)) << "\n";
  if (item.runs.empty()) return;
  print_runs_table(out, item.runs, "  ");
  out << "(one run in full: intake run --config " << config_path << " RUN_ID)\n";
}

std::string message_view_text(const StoredMessage& message) {
  const auto view = parse_json(message.json_view);
  return view ? pretty(*view) : message.json_view;
}

}  // namespace intake::inspect
