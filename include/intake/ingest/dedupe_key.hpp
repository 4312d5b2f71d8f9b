#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// The key that identifies a resend of the same message within one inbox.
// No pointers: "sha256:<hex of the body>". With pointers (e.g. /id, or /case_id and
// /server_date_modified): "fields:<hex of the pointed-at values>". When the view lacks any of
// the pointers or one of them is null, the body hash is used, so a message without the fields is
// still deduplicated (and messages whose field is null are not merged). The same holds when a
// pointed-at value is or holds a non-integer number or an integer beyond 64 bits: the view keeps
// those as doubles, which could merge different values.
std::string dedupe_key(const std::vector<std::string>& pointers, const nlohmann::json& view,
                       std::string_view body);

}  // namespace intake
