// `intake messages` and `intake message ID`: what arrived, what it matched, what it started.
#include <algorithm>
#include <iostream>
#include <limits>
#include <optional>

#include "app/inspect_format.hpp"
#include "app/message_views.hpp"
#include "app/store_command.hpp"
#include "intake/app/commands.hpp"

namespace intake {
namespace {

using inspect::MessageWithRuns;

// More runs than one message can start with any sane config: all of them, in practice.
constexpr std::size_t kMaxRunsPerMessage = 100'000;

MessageWithRuns with_runs(StoreReader& store, StoredMessage message) {
  auto runs = store.list_runs(
      {.state = {}, .job = {}, .message_id = message.id, .limit = kMaxRunsPerMessage});
  std::reverse(runs.begin(), runs.end());  // the chain in the order it ran
  return {std::move(message), std::move(runs)};
}

// A quarantined body (a 400 names its quarantine_id), when `id` is one.
std::optional<QuarantinedBody> find_quarantined(StoreReader& store, const std::string& id) {
  for (auto& entry : store.list_quarantine(std::numeric_limits<std::size_t>::max())) {
    if (entry.id == id) return std::move(entry);
  }
  return std::nullopt;
}

int print_quarantined(const QuarantinedBody& entry, const MessageOptions& options) {
  if (options.body_only) {
    std::cout.write(entry.body.data(), static_cast<std::streamsize>(entry.body.size()));
    return 0;
  }
  if (options.json) {
    nlohmann::ordered_json out = {{"quarantined", true},
                                  {"id", entry.id},
                                  {"received", inspect::utc_time(entry.received_at_ms)},
                                  {"inbox", entry.inbox},
                                  {"content_type", entry.content_type},
                                  {"remote_addr", entry.remote_addr},
                                  {"size", entry.body.size()},
                                  {"error", entry.error}};
    if (inspect::is_utf8(entry.body)) {
      out["body"] = entry.body;
    } else {
      out["body_base64"] = inspect::base64(entry.body);
    }
    std::cout << inspect::pretty(out) << "\n";
    return 0;
  }
  std::cout << "quarantined body " << entry.id
            << " (refused with 400: it was not stored as a message and started nothing)\n"
            << "received      " << inspect::utc_time(entry.received_at_ms) << " from "
            << entry.remote_addr << "\n"
            << "inbox         " << entry.inbox << "\n"
            << "content type  " << (entry.content_type.empty() ? "-" : entry.content_type) << "\n"
            << "size          " << inspect::byte_size(entry.body.size()) << "\n"
            << "error         " << entry.error << "\n"
            << "body (as received; --body-only writes it alone):\n";
  std::cout.write(entry.body.data(), static_cast<std::streamsize>(entry.body.size()));
  if (!entry.body.empty() && entry.body.back() != '\n') std::cout << "\n";
  return 0;
}

}  // namespace

int messages_command(const MessagesOptions& options) {
  return inspect::with_store(
      options.config_path, "messages", [&](const Config& config, StoreReader& store) {
        if (options.inbox && !config.find_inbox(*options.inbox)) {
          std::cerr << "note: no inbox named '" << *options.inbox << "' in " << options.config_path
                    << "; showing what the store holds for it\n";
        }
        std::vector<MessageWithRuns> items;
        for (auto& message :
             store.list_messages({.inbox = options.inbox, .limit = options.limit})) {
          items.push_back(with_runs(store, std::move(message)));
        }
        if (options.json) {
          nlohmann::ordered_json list = nlohmann::ordered_json::array();
          for (const auto& item : items) list.push_back(inspect::message_summary_json(item));
          nlohmann::ordered_json out = {{"messages", std::move(list)}, {"limit", options.limit}};
          std::cout << inspect::pretty(out) << "\n";
          return 0;
        }
        if (items.empty()) {
          std::cout << "no messages" << (options.inbox ? " in inbox " + *options.inbox : "")
                    << "\n";
          return 0;
        }
        inspect::print_messages_table(std::cout, items);
        if (items.size() == options.limit) {
          std::cout << "(the newest " << options.limit << "; --limit N shows more)\n";
        }
        return 0;
      });
}

int message_command(const MessageOptions& options) {
  return inspect::with_store(
      options.config_path, "message", [&](const Config&, StoreReader& store) {
        auto message = store.find_message(options.id);
        if (!message) {
          if (auto quarantined = find_quarantined(store, options.id)) {
            return print_quarantined(*quarantined, options);
          }
          std::cerr << "error: no message with id " << options.id;
          if (store.find_run(options.id)) {
            std::cerr << " (it is a run's id: intake run --config " << options.config_path << " "
                      << options.id << ")";
          }
          std::cerr << "\n";
          return 1;
        }
        if (options.body_only) {
          std::cout.write(message->body.data(), static_cast<std::streamsize>(message->body.size()));
          return 0;
        }
        if (options.view) {
          std::cout << inspect::message_view_text(*message) << "\n";
          return 0;
        }
        const MessageWithRuns item = with_runs(store, std::move(*message));
        if (options.json) {
          std::cout << inspect::pretty(inspect::message_json(item)) << "\n";
        } else {
          inspect::print_message(std::cout, item, options.config_path);
        }
        return 0;
      });
}

}  // namespace intake
