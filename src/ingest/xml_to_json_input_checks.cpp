#include "ingest/xml_to_json_input_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace intake::xml_input {
namespace {

constexpr std::uint64_t kEveryByte(std::uint8_t byte) { return 0x0101010101010101ULL * byte; }

// Per-byte masks (high bit of each byte) that are exact, unlike the usual "has zero byte" trick,
// so that one word can be checked for several byte values at once.
std::uint64_t bytes_below(std::uint64_t word, std::uint8_t limit) {  // for bytes < 0x80
  return ~((word & kEveryByte(0x7F)) + kEveryByte(0x80 - limit)) & kEveryByte(0x80);
}
std::uint64_t bytes_equal(std::uint64_t word, std::uint8_t value) {
  const std::uint64_t diff = word ^ kEveryByte(value);
  return ~(((diff & kEveryByte(0x7F)) + kEveryByte(0x7F)) | diff) & kEveryByte(0x80);
}

// True when the 8 bytes are ASCII characters XML allows (tab, LF and CR being the only controls):
// the common case, checked a word at a time.
bool is_plain_ascii_word(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  if ((word & kEveryByte(0x80)) != 0) return false;
  const std::uint64_t allowed_controls =
      bytes_equal(word, '\t') | bytes_equal(word, '\n') | bytes_equal(word, '\r');
  return (bytes_below(word, 0x20) & ~allowed_controls) == 0;
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the valid XML character starting at text[i], or 0.
std::size_t character_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r' ? 1 : 0;
  if (lead >= 0xC2 && lead <= 0xDF) return is_continuation(byte(1)) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char second = byte(1);
    if (!is_continuation(second) || !is_continuation(byte(2))) return 0;
    if (lead == 0xE0 && second < 0xA0) return 0;                      // overlong
    if (lead == 0xED && second > 0x9F) return 0;                      // UTF-16 surrogate
    if (lead == 0xEF && second == 0xBF && byte(2) >= 0xBE) return 0;  // U+FFFE, U+FFFF
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char second = byte(1);
    if (!is_continuation(second) || !is_continuation(byte(2)) || !is_continuation(byte(3))) {
      return 0;
    }
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool is_xml_char(std::uint32_t code) {
  return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
         (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "&#65;" / "&#x41;" at the start of `ref`, naming an XML character.
bool is_character_reference(std::string_view ref) {
  if (ref.size() < 4 || ref[1] != '#') return false;
  const bool hex = ref[2] == 'x';
  std::size_t i = hex ? 3 : 2;
  const std::size_t first_digit = i;
  std::uint32_t code = 0;
  for (; i < ref.size() && ref[i] != ';'; ++i) {
    const int digit =
        hex ? hex_value(ref[i]) : (ref[i] >= '0' && ref[i] <= '9' ? ref[i] - '0' : -1);
    if (digit < 0) return false;
    code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    if (code > 0x10FFFF) return false;
  }
  return i < ref.size() && i > first_digit && is_xml_char(code);
}

bool is_valid_reference(std::string_view ref) {
  for (std::string_view name : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
    if (ref.starts_with(name)) return true;
  }
  return is_character_reference(ref);
}

std::string describe_reference(std::string_view xml, std::size_t at) {
  std::size_t end = at + 1;
  while (end < xml.size() && end - at < 40 && xml[end] != ';' && xml[end] != '<' &&
         xml[end] != ' ' && xml[end] != '\n') {
    ++end;
  }
  if (end < xml.size() && xml[end] == ';' && end > at + 1) {
    const std::string ref(xml.substr(at, end + 1 - at));
    if (xml[at + 1] == '#') return "character reference " + ref + " is not an XML character";
    return "undefined entity " + ref + " (only &amp; &lt; &gt; &quot; &apos; are known)";
  }
  return "stray '&' (write &amp; for a literal ampersand)";
}

// Where the markup starting at xml[at] ('<') ends if '&' is literal inside it, else npos.
std::size_t end_of_literal_markup(std::string_view xml, std::size_t at) {
  const std::string_view rest = xml.substr(at);
  const auto skip_past = [&](std::string_view close) {
    const std::size_t end = xml.find(close, at);
    return end == std::string_view::npos ? xml.size() : end + close.size();
  };
  if (rest.starts_with("<!--")) return skip_past("-->");
  if (rest.starts_with("<![CDATA[")) return skip_past("]]>");
  if (rest.starts_with("<?")) return skip_past("?>");
  return std::string_view::npos;
}

// The careful pass, run only once a suspicious '&' has been seen: walks the markup so that '&'
// inside comments, CDATA and processing instructions is not mistaken for a reference.
BadReference scan_with_markup(std::string_view xml, std::size_t from) {
  std::size_t i = from;
  while (true) {
    i = xml.find_first_of("<&", i);
    if (i == std::string_view::npos) return {};
    if (xml[i] == '&') {
      if (!is_valid_reference(xml.substr(i))) return {i, describe_reference(xml, i)};
      ++i;
      continue;
    }
    const std::size_t end = end_of_literal_markup(xml, i);
    i = end == std::string_view::npos ? i + 1 : end;
  }
}

}  // namespace

std::size_t find_invalid_character(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size() && is_plain_ascii_word(text.data() + i)) {
      i += 8;
      continue;
    }
    const std::size_t length = character_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return kNoProblem;
}

bool may_split_text(std::string_view xml) {
  for (std::size_t i = xml.find('<'); i != std::string_view::npos && i + 1 < xml.size();
       i = xml.find('<', i + 1)) {
    const std::string_view markup = xml.substr(i);
    if (markup[1] == '!' && !markup.starts_with("<!DOCTYPE")) return true;
    const bool is_declaration = i == 0 || (i == 3 && xml.starts_with("\xEF\xBB\xBF"));
    if (markup[1] == '?' && !is_declaration) return true;
  }
  return false;
}

BadReference find_bad_reference(std::string_view xml, std::size_t from) {
  // Fast pass: every '&' is a valid reference, as in nearly every real form.
  for (std::size_t i = xml.find('&', from); i != std::string_view::npos; i = xml.find('&', i + 1)) {
    if (!is_valid_reference(xml.substr(i))) return scan_with_markup(xml, from);
  }
  return {};
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  TextPosition position;
  position.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  for (std::size_t i = line_start; i < before.size(); ++i) {
    if (!is_continuation(static_cast<unsigned char>(before[i]))) ++position.column;
  }
  return position;
}

}  // namespace intake::xml_input
