#pragma once
// The error thrown when a filter fragment cannot be compiled.

#include <stdexcept>
#include <string>

namespace intake::filter {

// Carries the JSON pointer of the offending place inside the fragment (e.g. "/form/age/$gt") so
// the config loader can add file, line and column. what() = "<pointer>: <message>".
class FilterCompileError : public std::runtime_error {
 public:
  FilterCompileError(std::string pointer, std::string message);

  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }

 private:
  std::string pointer_;
  std::string message_;
};

}  // namespace intake::filter
