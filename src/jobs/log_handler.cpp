// `log`: writes its input (and an optional message) to the run log and passes the input on as
// its output, so a flow after it sees the same data.
#include "intake/config/config.hpp"
#include "intake/jobs/handler.hpp"
#include "jobs/param_checks.hpp"

namespace intake::jobs {
namespace {

class LogHandler final : public Handler {
 public:
  LogHandler(std::string message, std::string level)
      : message_(std::move(message)), level_(std::move(level)) {}

  void run(const AttemptContext& context, AttemptDone done) const override {
    if (!message_.empty()) context.log->add(level_, message_);
    nlohmann::json batch_output = nlohmann::json::array();
    for (const nlohmann::json* state : context.states()) {
      const nlohmann::json& data = (*state)["data"];
      context.log->add(level_, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      batch_output.push_back(data);
    }
    // One run: its data passes through; a batch: the list of every run's data.
    done(HandlerOutcome::success(context.batch ? batch_output : (*context.state)["data"]));
  }

 private:
  std::string message_;
  std::string level_;
};

std::shared_ptr<const Handler> create(const JobConfig& job) {
  ParamChecks checks(job.params, {"message", "level"});
  const std::string level = checks.one_of("level", {"debug", "info", "warn", "error"}, "info");
  const std::string message = checks.string("message", "");
  checks.throw_if_any();
  return std::make_shared<LogHandler>(message, level);
}

}  // namespace

HandlerSpec log_handler_spec() {
  return {.name = "log",
          .summary = "writes its input to the run log and passes it on",
          .needs_credential = false,
          .credential_types = {},
          .max_batch_items = 1000,
          .create = create};
}

}  // namespace intake::jobs
