#pragma once
// Durations as people write them in config: 500ms, 10s, 1.5m, 2h, 1d (a bare number is seconds).

#include <chrono>
#include <optional>
#include <string_view>

namespace intake {

// nullopt when the text is not a duration or is longer than 365 days.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace intake
