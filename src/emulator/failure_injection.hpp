#pragma once
// What a test asked the emulator to do to the next requests: fail them (any status, optional
// Retry-After and body), delay them, or rate-limit them with 429 + Retry-After.

#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include "emulator/http_types.hpp"
#include "intake/emulator/emulator.hpp"

namespace intake::emulator {

struct Injection {
  std::optional<Response> answer;      // answer this instead of processing the request
  std::chrono::milliseconds delay{0};  // process, then answer after this long
  std::string kind;                    // "fail", "rate_limit", "delay" or ""
};

class FailureInjector {
 public:
  void add_failure(FailureSpec spec);
  void add_delay(int count, std::chrono::milliseconds delay, std::string path_prefix);
  void set_rate_limit(int requests, std::chrono::milliseconds window, int retry_after_seconds);
  void reset();
  // Decides for one request to an HQ endpoint, consuming one use of a matching rule.
  Injection next(const std::string& path);

 private:
  struct Delay {
    int count;
    std::chrono::milliseconds delay;
    std::string path_prefix;
  };
  std::deque<FailureSpec> failures_;
  std::deque<Delay> delays_;
  int limit_ = 0;
  std::chrono::milliseconds window_{0};
  int retry_after_ = 1;
  std::chrono::steady_clock::time_point window_start_{};
  int used_ = 0;
};

}  // namespace intake::emulator
