#include "intake/common/logging.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>

namespace intake {
namespace {

std::atomic<bool> g_json{false};

void append_text_value(std::string& out, const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    const bool plain = !s.empty() && s.find_first_of(" \"=\n\t") == std::string::npos;
    out += plain ? s : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

void init_logging(const std::string& format, const std::string& level) {
  g_json = format == "json";
  if (!spdlog::thread_pool()) spdlog::init_thread_pool(16384, 1);
  auto existing = spdlog::get("intake");
  if (!existing) {
    auto logger = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("intake");
    spdlog::set_default_logger(logger);
  }
  if (g_json) {
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

void log_event(spdlog::level::level_enum level, std::string_view event,
               std::initializer_list<LogField> fields) {
  if (!spdlog::should_log(level)) return;
  std::string line;
  line.reserve(160);
  if (g_json) {
    line += "\"event\":";
    line += nlohmann::json(event).dump();
    for (const auto& [key, value] : fields) {
      line += ',';
      line += nlohmann::json(key).dump();
      line += ':';
      line += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  } else {
    line += event;
    for (const auto& [key, value] : fields) {
      line += ' ';
      line += key;
      line += '=';
      append_text_value(line, value);
    }
  }
  spdlog::log(level, "{}", line);
}

}  // namespace intake
