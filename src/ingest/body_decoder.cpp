#include "intake/ingest/body_decoder.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "ingest/json_fast_check.hpp"
#include "intake/ingest/xml_to_json.hpp"

namespace intake {
namespace {

std::string media_type_of(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && std::isspace(static_cast<unsigned char>(media.front()))) {
    media.remove_prefix(1);
  }
  while (!media.empty() && std::isspace(static_cast<unsigned char>(media.back()))) {
    media.remove_suffix(1);
  }
  std::string out(media);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

BodyFormat sniff(std::string_view body) {
  auto first =
      std::find_if_not(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c); });
  if (first != body.end() && *first == '<') return BodyFormat::xml;
  if (nlohmann::json::accept(body)) return BodyFormat::json;
  return BodyFormat::unsupported;
}

constexpr std::size_t kMaxJsonDepth = 256;  // the same bound as XML (and HQ's XML parser)

// The offset of the first bracket that opens a level deeper than `limit`, if any. Brackets in
// strings do not count. A linear scan, far cheaper than the parse it guards.
std::optional<std::size_t> nesting_beyond(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann reports "number overflow parsing '1e400'" without a place: the number's first
// occurrence gives one.
std::string number_overflow_error(std::string_view body, std::string_view what,
                                  std::size_t& offset) {
  std::string_view number;
  if (const auto open = what.find('\''); open != std::string_view::npos) {
    const auto close = what.find('\'', open + 1);
    if (close != std::string_view::npos) number = what.substr(open + 1, close - open - 1);
  }
  const auto found = number.empty() ? std::string_view::npos : body.find(number);
  offset = found == std::string_view::npos ? 0 : found;
  return "malformed JSON: the number " + std::string(number) +
         " is beyond the range of a double (about 1.8e308)";
}

}  // namespace

BodyFormat classify_content_type(std::string_view content_type, std::string_view body) {
  const std::string media = media_type_of(content_type);
  if (media.empty()) return sniff(body);
  if (media == "application/json" || media == "text/json" || ends_with(media, "+json")) {
    return BodyFormat::json;
  }
  if (media == "text/xml" || media == "application/xml" || ends_with(media, "+xml")) {
    return BodyFormat::xml;
  }
  if (media == "text/plain") return BodyFormat::text;
  return BodyFormat::unsupported;
}

void locate_offset(std::string_view text, std::size_t offset, std::size_t& line,
                   std::size_t& column) {
  offset = std::min(offset, text.size());
  line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = offset - line_start + 1;
}

DecodedBody decode_body(BodyFormat format, std::string_view body) {
  DecodedBody out;
  switch (format) {
    case BodyFormat::json: {
      // nlohmann's parser takes a NUL byte for the end of the input and would accept what
      // precedes it; JSON allows no NUL anywhere (not even in a string, unescaped).
      if (const auto nul = body.find('\0'); nul != std::string_view::npos) {
        out.offset = nul;
        locate_offset(body, out.offset, out.line, out.column);
        out.error = "malformed JSON: a NUL byte (0x00), which JSON does not allow anywhere";
        return out;
      }
      if (auto too_deep = nesting_beyond(body, kMaxJsonDepth)) {
        // Deep nesting would exhaust the stack in recursive code (matching, serialising).
        out.offset = *too_deep;
        locate_offset(body, out.offset, out.line, out.column);
        out.error =
            "malformed JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        return out;
      }
      try {
        out.view = nlohmann::json::parse(body);
        out.ok = true;
      } catch (const nlohmann::json::parse_error& e) {
        // e.byte is 1-based and points just past the offending character.
        out.offset = e.byte > 0 ? e.byte - 1 : 0;
        locate_offset(body, out.offset, out.line, out.column);
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line L, column C: ".
        if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        out.error = "malformed JSON: " + what;
      } catch (const nlohmann::json::out_of_range& e) {
        // A number beyond a double ("1e400"): well formed, yet no view can hold it.
        out.error = number_overflow_error(body, e.what(), out.offset);
        locate_offset(body, out.offset, out.line, out.column);
      }
      return out;
    }
    case BodyFormat::xml: {
      XmlConversion xml = xml_to_message_json(body);
      if (!xml.ok) {
        out.error = "malformed XML: " + xml.error;
        out.offset = xml.offset;
        out.line = xml.line;
        out.column = xml.column;
        return out;
      }
      out.view = std::move(xml.json);
      out.ok = true;
      return out;
    }
    case BodyFormat::text: {
      // App-structure forwarding sends a bare id. Invalid UTF-8 is replaced in the view only;
      // the raw body keeps every byte.
      out.view = std::string(body);
      out.ok = true;
      return out;
    }
    case BodyFormat::unsupported:
      break;
  }
  out.error = "unsupported content type";
  return out;
}

DecodedBody validate_body(BodyFormat format, std::string_view body) {
  if (format != BodyFormat::json) return decode_body(format, body);
  // The fast check builds nothing and bounds the depth itself. Whatever it does not vouch for
  // goes the slow way, which gives the verdict and, for a malformed body, the error's place.
  if (!ingest_detail::certainly_well_formed_json(body, kMaxJsonDepth)) {
    if (body.find('\0') != std::string_view::npos || nesting_beyond(body, kMaxJsonDepth) ||
        !nlohmann::json::accept(body)) {
      return decode_body(format, body);
    }
  }
  DecodedBody out;
  out.ok = true;
  return out;
}

}  // namespace intake
