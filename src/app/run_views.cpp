#include "app/run_views.hpp"

#include "app/inspect_format.hpp"
#include "app/text_table.hpp"

namespace intake::inspect {
namespace {

using jobs::RunRecord;
using jobs::RunState;
using Json = nlohmann::ordered_json;

constexpr std::size_t kErrorColumnBytes = 72;

Json text_or_null(const std::string& text) { return text.empty() ? Json() : Json(text); }

Json time_or_null(std::optional<std::int64_t> unix_ms) {
  return unix_ms ? Json(utc_time(*unix_ms)) : Json();
}

// Stored JSON (input, output) as JSON; text that does not parse stays text.
Json stored_json(const std::string& text) {
  if (text.empty()) return nullptr;
  auto value = parse_json(text);
  return value ? std::move(*value) : Json(text);
}

// The time the next attempt may start: queued and failed runs only.
std::optional<std::int64_t> next_attempt_at(const RunRecord& run) {
  if (run.state != RunState::queued && run.state != RunState::failed) return std::nullopt;
  return run.due_at_ms;
}

// Continuation lines indented (the first line goes where the caller already is).
std::string hanging(std::string_view text, std::string_view indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string indented(std::string_view text, std::string_view indent) {
  return std::string(indent) + hanging(text, indent);
}

struct LogLine {
  std::int64_t at_ms = 0;
  std::string level;
  std::string message;
};

// An attempt's log ([{"at_ms", "level", "message"}]); nullopt when it is not such a list.
std::optional<std::vector<LogLine>> log_lines(const std::string& log) {
  const auto parsed = parse_json(log);
  if (!parsed || !parsed->is_array()) return std::nullopt;
  std::vector<LogLine> lines;
  for (const auto& line : *parsed) {
    if (!line.is_object()) continue;
    lines.push_back(
        {line.value("at_ms", std::int64_t{0}), line.value("level", ""), line.value("message", "")});
  }
  return lines;
}

std::string state_detail(const RunRecord& run, const Config& config, std::int64_t now_ms) {
  const auto job = config.jobs.find(run.job);
  const std::string of_max =
      job == config.jobs.end() ? "" : " of " + std::to_string(job->second.retry.max_attempts);
  const std::string when = utc_time(run.due_at_ms) + " (" + relative(run.due_at_ms, now_ms) + ")";
  switch (run.state) {
    case RunState::queued:
      return "queued: attempt " + std::to_string(run.attempts + 1) + of_max + " due " + when;
    case RunState::running:
      return "running attempt " + std::to_string(run.attempts) + of_max + ", lease until " + when;
    case RunState::failed:
      return "failed: attempt " + std::to_string(run.attempts + 1) + of_max + " due " + when;
    case RunState::succeeded:
      return "succeeded";
    case RunState::dead:
      return "dead: gave up after " + std::to_string(run.attempts) + " attempt(s)";
    case RunState::cancelled:
      return "cancelled";
  }
  return jobs::to_string(run.state);
}

std::string input_note(const RunRecord& run) {
  if (run.kind == jobs::RunKind::cron) {
    return "(none: the data is the last successful output of this trigger's job)";
  }
  if (!run.message_id.empty()) {
    return "(none: the data is the JSON view of message " + run.message_id + ")";
  }
  return "(none)";
}

void print_log(std::ostream& out, const std::string& log) {
  const auto lines = log_lines(log);
  if (!lines) {
    out << indented(log, "    ") << "\n";
    return;
  }
  if (lines->empty()) out << "    (no log lines)\n";
  for (const auto& line : *lines) {
    out << "    " << utc_time(line.at_ms) << "  " << line.level
        << std::string(line.level.size() < 5 ? 5 - line.level.size() : 0, ' ') << "  "
        << hanging(line.message, "      ") << "\n";
  }
}

void print_attempt(std::ostream& out, const jobs::AttemptRecord& attempt) {
  out << "attempt " << attempt.number << "  " << utc_time(attempt.started_at_ms) << "  took "
      << duration(attempt.ended_at_ms - attempt.started_at_ms) << "  " << attempt.outcome << "\n";
  if (!attempt.error.empty()) out << "  error: " << hanging(attempt.error, "    ") << "\n";
  out << "  log:\n";
  print_log(out, attempt.log);
}

}  // namespace

const std::vector<RunState>& all_run_states() {
  static const std::vector<RunState> states = {RunState::queued,    RunState::running,
                                               RunState::succeeded, RunState::failed,
                                               RunState::dead,      RunState::cancelled};
  return states;
}

std::string state_counts_text(const std::map<std::string, std::int64_t>& counts) {
  std::string text;
  for (RunState state : all_run_states()) {
    const auto found = counts.find(jobs::to_string(state));
    if (found == counts.end() || found->second == 0) continue;
    text += (text.empty() ? "" : ", ") + std::to_string(found->second) + " " + found->first;
  }
  return text.empty() ? "none" : text;
}

std::map<std::string, std::int64_t> count_states(const std::vector<RunRecord>& runs) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& run : runs) ++counts[jobs::to_string(run.state)];
  return counts;
}

std::string runs_summary(const std::vector<RunRecord>& runs) {
  if (runs.empty()) return "no runs";
  if (runs.size() == 1) return std::string("1 run: ") + jobs::to_string(runs.front().state);
  return std::to_string(runs.size()) + " runs: " + state_counts_text(count_states(runs));
}

Json runs_summary_json(const std::vector<RunRecord>& runs) {
  auto counts = count_states(runs);
  Json summary = {{"total", runs.size()}};
  for (RunState state : all_run_states())
    summary[jobs::to_string(state)] = counts[jobs::to_string(state)];
  return summary;
}

void print_runs_table(std::ostream& out, const std::vector<RunRecord>& runs,
                      std::string_view indent) {
  TextTable table({"ID", "CREATED", "JOB", "TRIGGER", "KIND", "STATE", "ATTEMPTS", "NEXT ATTEMPT",
                   "LAST ERROR"});
  for (const auto& run : runs) {
    // The next attempt of a failed run; a queued one only when it waits for a later time.
    const bool waits = run.state == RunState::failed ||
                       (run.state == RunState::queued && run.due_at_ms > run.created_at_ms);
    table.add({run.id, utc_time(run.created_at_ms, false), run.job, run.trigger,
               jobs::to_string(run.kind), jobs::to_string(run.state), std::to_string(run.attempts),
               waits ? utc_time(run.due_at_ms, false) : "-",
               run.last_error.empty() ? "-" : one_line(run.last_error, kErrorColumnBytes)});
  }
  table.print(out, indent);
}

Json run_summary_json(const RunRecord& run) {
  return {
      {"id", run.id},
      {"job", run.job},
      {"trigger", run.trigger},
      {"kind", jobs::to_string(run.kind)},
      {"message_id", text_or_null(run.message_id)},
      {"parent_run_id", text_or_null(run.parent_run_id)},
      {"state", jobs::to_string(run.state)},
      {"attempts", run.attempts},
      {"created_at", utc_time(run.created_at_ms)},
      {"updated_at", utc_time(run.updated_at_ms)},
      {"next_attempt_at", time_or_null(next_attempt_at(run))},
      {"lease_expires_at",
       time_or_null(run.state == RunState::running ? std::optional(run.due_at_ms) : std::nullopt)},
      {"finished_at", time_or_null(run.finished_at_ms)},
      {"last_error", text_or_null(run.last_error)}};
}

Json run_json(const RunRecord& run) {
  Json out = run_summary_json(run);
  out["input"] = stored_json(run.input);
  out["output"] = stored_json(run.output);
  Json attempts = Json::array();
  for (const auto& attempt : run.attempt_log) {
    Json log = Json::array();
    for (const auto& line : log_lines(attempt.log).value_or(std::vector<LogLine>())) {
      log.push_back(
          {{"at", utc_time(line.at_ms)}, {"level", line.level}, {"message", line.message}});
    }
    attempts.push_back({{"number", attempt.number},
                        {"started_at", utc_time(attempt.started_at_ms)},
                        {"ended_at", utc_time(attempt.ended_at_ms)},
                        {"duration_ms", attempt.ended_at_ms - attempt.started_at_ms},
                        {"outcome", attempt.outcome},
                        {"error", text_or_null(attempt.error)},
                        {"log", std::move(log)}});
  }
  out["attempt_log"] = std::move(attempts);
  return out;
}

void print_run(std::ostream& out, const RunRecord& run, const Config& config,
               const std::vector<jobs::CronState>& cron, std::int64_t now_ms) {
  TextTable fields({"run", run.id});
  fields.min_width(0, 12);  // "  last error"
  fields.add({"  job", run.job + (config.jobs.count(run.job) ? "" : "  (not in this config)")});
  fields.add({"  trigger", run.trigger + " (" + jobs::to_string(run.kind) + ")"});
  if (!run.message_id.empty()) fields.add({"  message", run.message_id});
  if (!run.parent_run_id.empty()) fields.add({"  after run", run.parent_run_id});
  fields.add({"  state", state_detail(run, config, now_ms)});
  fields.add({"  attempts", std::to_string(run.attempts)});
  fields.add({"  created", utc_time(run.created_at_ms)});
  fields.add({"  updated", utc_time(run.updated_at_ms)});
  if (run.finished_at_ms) {
    fields.add({"  finished", utc_time(*run.finished_at_ms) + " (" +
                                  duration(*run.finished_at_ms - run.created_at_ms) +
                                  " after it was created)"});
  }
  if (!run.last_error.empty()) fields.add({"  last error", one_line(run.last_error, 200)});
  for (const auto& state : cron) {
    if (run.kind != jobs::RunKind::cron || state.trigger != run.trigger || state.job != run.job) {
      continue;
    }
    fields.add({"  schedule", "last tick enqueued " + utc_time(state.last_tick_ms)});
  }
  fields.print(out);

  out << "input\n"
      << (run.input.empty() ? "  " + input_note(run)
                            : indented(pretty(stored_json(run.input)), "  "))
      << "\n";
  out << "output\n"
      << (run.output.empty() ? std::string("  (none)")
                             : indented(pretty(stored_json(run.output)), "  "))
      << "\n";
  if (run.attempt_log.empty()) {
    out << "attempts\n  (none finished yet)\n";
  }
  for (const auto& attempt : run.attempt_log) print_attempt(out, attempt);
}

}  // namespace intake::inspect
