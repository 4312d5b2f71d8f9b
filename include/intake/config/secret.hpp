#pragma once
// A secret value from the config (usually a ${ENV} reference). It never prints itself, so a
// secret cannot reach a log by accident.

#include <ostream>
#include <string>
#include <string_view>

namespace intake {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The value, for the one place that needs it: comparing or sending credentials.
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

 private:
  std::string value_;
};

}  // namespace intake
