#pragma once
// Turns a request body into the JSON view that triggers match against, by content type.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace intake {

enum class BodyFormat { json, xml, text, unsupported };

// The format for a Content-Type header value ("application/json; charset=utf-8" → json).
// Without a Content-Type, the body is sniffed: JSON if it parses, XML if it starts with '<'.
BodyFormat classify_content_type(std::string_view content_type, std::string_view body);

struct DecodedBody {
  bool ok = false;
  nlohmann::json view;
  std::string error;       // what is wrong, for the client and the quarantine
  std::size_t offset = 0;  // byte offset of the problem
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based
};

// Decodes a body of a known format: JSON (any value; duplicate keys keep the last, as jsonb),
// XML (CommCare's form/case conversion), text (kept as one JSON string).
DecodedBody decode_body(BodyFormat format, std::string_view body);

// As decode_body, but a JSON body is only validated: `view` stays null. For a message nothing
// will match or dedupe by field, building the document would be wasted work.
DecodedBody validate_body(BodyFormat format, std::string_view body);

// 1-based line and column of a byte offset.
void locate_offset(std::string_view text, std::size_t offset, std::size_t& line,
                   std::size_t& column);

}  // namespace intake
