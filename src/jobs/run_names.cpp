#include "intake/jobs/run.hpp"

namespace intake::jobs {

const char* to_string(RunState state) {
  switch (state) {
    case RunState::queued:
      return "queued";
    case RunState::running:
      return "running";
    case RunState::succeeded:
      return "succeeded";
    case RunState::failed:
      return "failed";
    case RunState::dead:
      return "dead";
    case RunState::cancelled:
      return "cancelled";
  }
  return "queued";
}

std::optional<RunState> run_state_from_string(std::string_view text) {
  for (RunState state : {RunState::queued, RunState::running, RunState::succeeded, RunState::failed,
                         RunState::dead, RunState::cancelled}) {
    if (text == to_string(state)) return state;
  }
  return std::nullopt;
}

const char* to_string(RunKind kind) {
  switch (kind) {
    case RunKind::message:
      return "message";
    case RunKind::flow:
      return "flow";
    case RunKind::catch_failure:
      return "catch";
    case RunKind::cron:
      return "cron";
  }
  return "message";
}

RunKind run_kind_from_string(std::string_view text) {
  for (RunKind kind : {RunKind::message, RunKind::flow, RunKind::catch_failure, RunKind::cron}) {
    if (text == to_string(kind)) return kind;
  }
  return RunKind::message;
}

}  // namespace intake::jobs
