#include "emulator/failure_injection.hpp"

#include <boost/beast/http/status.hpp>

namespace intake::emulator {
namespace {

bool matches(const std::string& path, const std::string& prefix) {
  return prefix.empty() || path.compare(0, prefix.size(), prefix) == 0;
}

std::string reason(int status) {
  auto text = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  return text.empty() ? "Error" : std::string(text);
}

Response failure_answer(const FailureSpec& spec) {
  Response response;
  response.status = spec.status;
  if (spec.body.empty()) {
    response = error_response(spec.status, reason(spec.status));
  } else {
    response.body = spec.body;
    const bool json = spec.body.front() == '{' || spec.body.front() == '[';
    response.content_type = json ? "application/json" : "text/plain";
  }
  if (spec.retry_after) {
    response.headers.emplace_back("Retry-After", std::to_string(*spec.retry_after));
  }
  return response;
}

}  // namespace

void FailureInjector::add_failure(FailureSpec spec) {
  if (spec.count > 0) failures_.push_back(std::move(spec));
}

void FailureInjector::add_delay(int count, std::chrono::milliseconds delay,
                                std::string path_prefix) {
  if (count > 0) delays_.push_back({count, delay, std::move(path_prefix)});
}

void FailureInjector::set_rate_limit(int requests, std::chrono::milliseconds window,
                                     int retry_after_seconds) {
  limit_ = requests;
  window_ = window;
  retry_after_ = retry_after_seconds;
  used_ = 0;
  window_start_ = std::chrono::steady_clock::now();
}

void FailureInjector::reset() {
  failures_.clear();
  delays_.clear();
  limit_ = 0;
  used_ = 0;
}

Injection FailureInjector::next(const std::string& path) {
  Injection injection;
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (!matches(path, it->path_prefix)) continue;
    injection.answer = failure_answer(*it);
    injection.kind = "fail";
    if (--it->count == 0) failures_.erase(it);
    return injection;
  }
  if (limit_ > 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now - window_start_ >= window_) {
      window_start_ = now;
      used_ = 0;
    }
    if (++used_ > limit_) {
      // HQ's api_throttle: 429, empty body, Retry-After in seconds.
      injection.answer = empty_response(429);
      injection.answer->headers.emplace_back("Retry-After", std::to_string(retry_after_));
      injection.kind = "rate_limit";
      return injection;
    }
  }
  for (auto it = delays_.begin(); it != delays_.end(); ++it) {
    if (!matches(path, it->path_prefix)) continue;
    injection.delay = it->delay;
    injection.kind = "delay";
    if (--it->count == 0) delays_.erase(it);
    break;
  }
  return injection;
}

}  // namespace intake::emulator
