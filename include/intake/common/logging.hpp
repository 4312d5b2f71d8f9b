#pragma once
// Structured log lines on top of spdlog: "text" gives `event key=value ...`, "json" gives one
// JSON object per line. Bodies and secrets are never passed here at info level.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace intake {

using LogField = std::pair<std::string_view, nlohmann::json>;

// Installs the process-wide logger (asynchronous, to stdout). format: text | json.
void init_logging(const std::string& format, const std::string& level);

// Logs one event with fields.
void log_event(spdlog::level::level_enum level, std::string_view event,
               std::initializer_list<LogField> fields = {});

}  // namespace intake
