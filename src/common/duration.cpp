#include "intake/common/duration.hpp"

#include <cmath>
#include <regex>
#include <string>

namespace intake {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  static const std::regex pattern(R"(^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$)");
  const std::string copy(text);
  std::smatch m;
  if (!std::regex_match(copy, m, pattern)) return std::nullopt;
  const double value = std::stod(m[1].str());
  const std::string unit = m[2].matched ? m[2].str() : "s";
  double ms = value * 1000;
  if (unit == "ms") ms = value;
  if (unit == "m") ms = value * 60'000;
  if (unit == "h") ms = value * 3'600'000;
  if (unit == "d") ms = value * 86'400'000;
  if (ms > 365.0 * 86'400'000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

}  // namespace intake
