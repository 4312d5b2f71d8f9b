#include "intake/common/logging.hpp"

#include <spdlog/spdlog.h>
#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace intake {
namespace {

std::atomic<bool> g_json{false};

// stdout without a flush per line (spdlog's stdout sink fflushes after every message, one
// write(2) per request with the access log on). Lines collect in a buffer and go out in large
// writes; flush() writes them all, and the logger flushes every second and at once for warnings
// and errors (flush_every, flush_on in init_logging).
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  ~BufferedStdoutSink() override { write_out(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    formatter_->format(msg, buffer_);
    if (buffer_.size() >= kWriteAt) write_out();
  }
  void flush_() override {
    write_out();
    std::fflush(stdout);
  }

 private:
  static constexpr std::size_t kWriteAt = 32 * 1024;
  void write_out() {
    if (buffer_.size() == 0) return;
    std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
    buffer_.clear();
  }
  spdlog::memory_buf_t buffer_;
};

void append_text_value(std::string& out, const nlohmann::json& value) {
  // Numbers print the same as nlohmann's dump, without building a serializer.
  if (value.is_number_unsigned()) {
    fmt::format_to(std::back_inserter(out), "{}", value.get<std::uint64_t>());
    return;
  }
  if (value.is_number_integer()) {
    fmt::format_to(std::back_inserter(out), "{}", value.get<std::int64_t>());
    return;
  }
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
  auto existing = spdlog::get("intake");
  if (!existing) {
    auto logger = spdlog::create<BufferedStdoutSink>("intake");
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
