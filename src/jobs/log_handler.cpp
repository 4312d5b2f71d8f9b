// `log`: writes its input (and an optional message, a mapping template such as
// "form {{ /data/form/@name }} from {{ /data/form/meta/username }}") to the run log and passes
// the input on as its output, so a flow after it sees the same data.
#include "intake/config/config.hpp"
#include "intake/jobs/handler.hpp"
#include "intake/mapping/mapping_error.hpp"
#include "jobs/param_checks.hpp"

namespace intake::jobs {
namespace {

std::string as_line(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class LogHandler final : public Handler {
 public:
  LogHandler(std::optional<mapping::Template> message, std::string level)
      : message_(std::move(message)), level_(std::move(level)) {}

  void run(const AttemptContext& context, AttemptDone done) const override {
    nlohmann::json batch_output = nlohmann::json::array();
    for (const nlohmann::json* state : context.states()) {
      if (message_) {
        try {
          context.log->add(level_, as_line(message_->render(*state)));
        } catch (const mapping::MappingError& error) {
          return done(HandlerOutcome::failure(ErrorKind::permanent,
                                              std::string("params: ") + error.what()));
        }
      }
      const nlohmann::json& data = (*state)["data"];
      context.log->add(level_, as_line(data));
      batch_output.push_back(data);
    }
    // One run: its data passes through; a batch: the list of every run's data.
    done(HandlerOutcome::success(context.batch ? batch_output : (*context.state)["data"]));
  }

 private:
  std::optional<mapping::Template> message_;
  std::string level_;
};

std::shared_ptr<const Handler> create(const JobConfig& job) {
  ParamChecks checks(job.params, {"message", "level"});
  const std::string level = checks.one_of("level", {"debug", "info", "warn", "error"}, "info");
  checks.string("message", "");  // a string, if given
  std::optional<mapping::Template> message = checks.template_value("message");
  checks.throw_if_any();
  return std::make_shared<LogHandler>(std::move(message), level);
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
