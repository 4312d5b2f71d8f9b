#include "intake/common/ids.hpp"
#include "intake/jobs/handler.hpp"

namespace intake::jobs {
namespace {
// A run log is stored with its attempt: a chatty handler must not fill the disk.
constexpr std::size_t kMaxLogBytes = 256 * 1024;
constexpr std::size_t kMaxLineBytes = 16 * 1024;
}  // namespace

void RunLog::add(std::string level, std::string message) {
  if (truncated_) return;
  if (message.size() > kMaxLineBytes) {
    message.resize(kMaxLineBytes);
    message += " …(line truncated)";
  }
  if (bytes_ + message.size() > kMaxLogBytes) {
    truncated_ = true;
    lines_.push_back(
        {unix_millis_now(), "warn", "log truncated: more than 256 KiB in one attempt"});
    return;
  }
  bytes_ += message.size();
  lines_.push_back({unix_millis_now(), std::move(level), std::move(message)});
}

namespace {
std::string summarize(const std::vector<ParamProblem>& problems) {
  std::string text;
  for (const auto& p : problems) {
    if (!text.empty()) text += "; ";
    text += (p.pointer.empty() ? std::string("params") : "params" + p.pointer) + ": " + p.message;
  }
  return text;
}
}  // namespace

ParamError::ParamError(std::vector<ParamProblem> problems)
    : std::runtime_error(summarize(problems)), problems_(std::move(problems)) {}

}  // namespace intake::jobs
