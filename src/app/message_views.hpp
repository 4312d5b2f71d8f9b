#pragma once
// Stored messages as the CLI shows them: text (a table, the detail of one message) and JSON.

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intake/jobs/run.hpp"
#include "intake/message.hpp"

namespace intake::inspect {

// A message with the runs it started (flow and catch follow-ups included), oldest run first.
struct MessageWithRuns {
  StoredMessage message;
  std::vector<jobs::RunRecord> runs;
};

// One line a message: id, received, inbox, content type, size, matched triggers, runs.
void print_messages_table(std::ostream& out, const std::vector<MessageWithRuns>& messages);

// The listing's fields / everything, with the body as text (base64 when it is not UTF-8).
nlohmann::ordered_json message_summary_json(const MessageWithRuns& item);
nlohmann::ordered_json message_json(const MessageWithRuns& item);

// Fields, headers, query, body (pretty when JSON) and runs; the hints name `config_path`.
void print_message(std::ostream& out, const MessageWithRuns& item, const std::string& config_path);

// The JSON view of the body, pretty: what the triggers' filters match against.
std::string message_view_text(const StoredMessage& message);

}  // namespace intake::inspect
