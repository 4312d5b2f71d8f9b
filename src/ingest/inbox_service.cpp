#include "intake/ingest/inbox_service.hpp"

#include <algorithm>
#include <array>

#include "ingest/request_route.hpp"
#include "intake/common/ids.hpp"
#include "intake/filter/trigger_index.hpp"
#include "intake/ingest/dedupe_key.hpp"
#include "intake/jobs/order_key.hpp"

namespace intake {
namespace {

using ingest_detail::RequestRoute;

// Headers kept with every message (CommCare's timestamps, the sender, the format).
constexpr std::array<std::string_view, 4> kKeptHeaders = {"content-type", "received-on",
                                                          "server-modified-on", "user-agent"};

constexpr std::string_view kIngestMethods[] = {"POST", "PUT", "DELETE"};

bool is_ingest_method(std::string_view method) {
  for (auto m : kIngestMethods) {
    if (m == method) return true;
  }
  return false;
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpReply json_reply(int status, const nlohmann::json& body) {
  HttpReply reply;
  reply.status = status;
  reply.body = dump(body);
  return reply;
}

// One run per distinct job of the matched triggers, attributed to the first trigger naming it.
void plan_runs(const Config& config, std::string_view inbox, const nlohmann::json& view,
               IncomingMessage& message) {
  if (!config.message_triggers) return;
  for (const std::string& name : config.message_triggers->match_names(inbox, view)) {
    message.matched_triggers.push_back(name);
    const TriggerConfig* trigger = config.find_trigger(name);
    if (!trigger) continue;
    for (const std::string& job : trigger->jobs) {
      const bool planned = std::any_of(message.runs.begin(), message.runs.end(),
                                       [&](const PlannedRun& run) { return run.job == job; });
      if (planned) continue;
      const auto configured = config.jobs.find(job);
      std::string order_key = configured == config.jobs.end()
                                  ? std::string()
                                  : jobs::order_key_for_data(configured->second, view);
      message.runs.push_back(PlannedRun{new_uuid_v7(), job, name, std::move(order_key)});
    }
  }
}

}  // namespace

InboxService::InboxService(ConfigHolder& config, MessageStore& store)
    : config_(config), store_(store) {}

HttpReply InboxService::error_reply(int status, std::string_view code, std::string_view message) {
  return json_reply(status, {{"error", code}, {"message", message}});
}

HttpReply InboxService::health(bool ready) const {
  if (ready) return json_reply(200, {{"status", "ok"}});
  HttpReply reply =
      json_reply(503, {{"status", "unavailable"}, {"message", "the store cannot write right now"}});
  return reply;
}

std::variant<HttpReply, PendingIngest> InboxService::screen(const RequestHead& head) {
  ConfigPtr config = config_.snapshot();
  RequestRoute route = ingest_detail::route_request(head.target);
  const bool read_only = head.method == "GET" || head.method == "HEAD";

  switch (route.kind) {
    case RequestRoute::Kind::malformed:
      return error_reply(400, "bad_request", "the request target is not a valid URL path");
    case RequestRoute::Kind::unknown:
      return error_reply(404, "not_found", "nothing here: forwarding URLs look like /inbox/<name>");
    case RequestRoute::Kind::healthz:
      if (!read_only) break;
      return json_reply(200, {{"status", "alive"}});
    case RequestRoute::Kind::readyz:
      if (!read_only) break;
      return health(store_.writable());
    case RequestRoute::Kind::inbox:
      break;
  }
  if (route.kind != RequestRoute::Kind::inbox) {
    HttpReply reply = error_reply(405, "method_not_allowed", "use GET or HEAD here");
    reply.headers.push_back({"allow", "GET, HEAD"});
    return reply;
  }

  const InboxConfig* inbox = config->find_inbox(route.inbox);
  if (!inbox) {
    // 404 is retried by CommCare HQ, so a record sent before the inbox is configured is not lost.
    return error_reply(404, "unknown_inbox", "no inbox named '" + route.inbox + "' is configured");
  }

  switch (authorize(*inbox, head.header)) {
    case AuthDecision::allowed:
      break;
    case AuthDecision::missing_credentials:
    case AuthDecision::wrong_credentials: {
      HttpReply reply = error_reply(401, "unauthorized",
                                    "missing or wrong credentials for inbox '" + inbox->name + "'");
      if (std::string challenge = auth_challenge(*inbox); !challenge.empty()) {
        reply.headers.push_back({"www-authenticate", challenge});
      }
      return reply;
    }
  }

  if (read_only) {
    // CommCare's "Test" button sends a GET: say the inbox exists, store nothing.
    return json_reply(200, {{"inbox", inbox->name},
                            {"message", "intake inbox '" + inbox->name +
                                            "' is ready. POST or PUT a message to store it; this "
                                            "GET stored nothing."}});
  }
  if (head.method == "OPTIONS") {
    HttpReply reply;
    reply.status = 204;
    reply.content_type.clear();
    reply.headers.push_back({"allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS"});
    return reply;
  }
  if (!is_ingest_method(head.method)) {
    HttpReply reply = error_reply(405, "method_not_allowed",
                                  head.method + " is not accepted: send POST, PUT or DELETE");
    reply.headers.push_back({"allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS"});
    return reply;
  }

  // A blank Content-Type is treated as a missing one: ingest() sniffs the body.
  if (auto type = head.header("content-type");
      type && type->find_first_not_of(" \t") != std::string_view::npos) {
    if (classify_content_type(*type, "x") == BodyFormat::unsupported) {
      return json_reply(
          415, {{"error", "unsupported_media_type"},
                {"message", "content type '" + std::string(*type) + "' is not accepted"},
                {"accepted", {"application/json", "text/xml", "application/xml", "text/plain"}}});
    }
  }

  return PendingIngest{std::move(config), inbox->name, std::move(route.path_suffix),
                       std::move(route.query)};
}

void InboxService::ingest(PendingIngest pending, const RequestHead& head, std::string body,
                          std::function<void(HttpReply)> done) {
  const std::string content_type(head.header("content-type").value_or(""));
  const BodyFormat format = classify_content_type(content_type, body);
  const std::int64_t now = unix_millis_now();
  if (format == BodyFormat::unsupported) {
    done(json_reply(
        415, {{"error", "unsupported_media_type"},
              {"message", "no Content-Type was sent and the body is neither JSON nor XML"},
              {"accepted", {"application/json", "text/xml", "application/xml", "text/plain"}}}));
    return;
  }

  const InboxConfig* inbox = pending.config->find_inbox(pending.inbox);
  const bool dedupe_by_fields = inbox && !inbox->dedupe.empty();
  const bool may_match = pending.config->message_triggers &&
                         pending.config->message_triggers->may_match(pending.inbox);
  DecodedBody decoded =
      (dedupe_by_fields || may_match) ? decode_body(format, body) : validate_body(format, body);
  if (!decoded.ok) {
    const std::string quarantine_id = new_uuid_v7();
    nlohmann::json error = {
        {"error", format == BodyFormat::xml ? "malformed_xml" : "malformed_json"},
        {"message", decoded.error},
        {"offset", decoded.offset},
        {"line", decoded.line},
        {"column", decoded.column},
        {"quarantine_id", quarantine_id}};
    store_.quarantine(QuarantinedBody{quarantine_id, pending.inbox, content_type, std::move(body),
                                      decoded.error, head.remote_addr, now});
    done(json_reply(400, error));
    return;
  }

  IncomingMessage message;
  message.id = new_uuid_v7();
  message.inbox = pending.inbox;
  message.method = head.method;
  message.path_suffix = std::move(pending.path_suffix);
  message.query_params_json = ingest_detail::query_params_json(pending.query);
  message.query = std::move(pending.query);
  for (std::string_view name : kKeptHeaders) {
    if (auto value = head.header(name))
      message.headers.push_back({std::string(name), std::string(*value)});
  }
  // Matched with the config snapshot taken when the request arrived; the triggers and the runs
  // they start are stored in the same transaction as the message.
  plan_runs(*pending.config, pending.inbox, decoded.view, message);
  message.content_type = content_type;
  message.dedupe_key =
      dedupe_key(inbox ? inbox->dedupe : std::vector<std::string>{}, decoded.view, body);
  // A JSON body is its own view: the store keeps it once and hands the body back as the view
  // (the same value once parsed). XML and text bodies get their converted view serialised.
  if (format != BodyFormat::json) message.json_view = dump(decoded.view);
  message.body = std::move(body);
  message.remote_addr = head.remote_addr;
  message.received_at_ms = now;

  std::string inbox_name = message.inbox;
  const bool planned_runs = !message.runs.empty();
  store_.append(
      std::move(message),
      [done = std::move(done), inbox_name, planned_runs, runs_stored = runs_stored_,
       retry_after = pending.config->server.retry_after](AppendOutcome outcome) {
        if (!outcome.stored) {
          HttpReply reply = json_reply(
              503, {{"error", "store_unavailable"},
                    {"message",
                     "the message could not be stored durably; nothing was kept, retry later"}});
          reply.headers.push_back({"retry-after", std::to_string(retry_after.count())});
          done(std::move(reply));
          return;
        }
        if (runs_stored && planned_runs && !outcome.duplicate) runs_stored();
        HttpReply reply = json_reply(
            202, {{"id", outcome.id}, {"inbox", inbox_name}, {"duplicate", outcome.duplicate}});
        reply.message_id = outcome.id;
        done(std::move(reply));
      });
}

}  // namespace intake
