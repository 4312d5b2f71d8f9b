#pragma once
// Small renderings shared by the commands that show the store (messages, message, runs, run).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace intake::inspect {

// ISO-8601 UTC: 2024-05-01T10:20:30Z, or with milliseconds 2024-05-01T10:20:30.123Z.
std::string utc_time(std::int64_t unix_ms, bool milliseconds = true);

// 850 ms, 2.4 s, 4m 05s, 2h 03m, 3d 04h.
std::string duration(std::int64_t ms);

// 812 B, 20.1 KiB, 3.4 MiB.
std::string byte_size(std::size_t bytes);

// "in 4m 05s" / "4m 05s ago" relative to now_ms.
std::string relative(std::int64_t at_ms, std::int64_t now_ms);

bool is_utf8(std::string_view bytes);
std::string base64(std::string_view bytes);

// The first line of `text`, cut on a UTF-8 boundary to at most `max_bytes` (+ "…" when cut).
std::string one_line(std::string_view text, std::size_t max_bytes);

// JSON text parsed keeping its key order; nullopt when it is not JSON.
std::optional<nlohmann::ordered_json> parse_json(std::string_view text);

// Pretty (2-space) JSON; invalid UTF-8 in strings is replaced rather than thrown on.
std::string pretty(const nlohmann::ordered_json& value);

}  // namespace intake::inspect
