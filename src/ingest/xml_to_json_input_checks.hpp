#pragma once
// Checks on the raw XML bytes for what pugixml lets through but a conforming parser (and HQ's
// lxml) rejects: bytes that are not XML characters in UTF-8, and entity references other than
// the five predefined ones.

#include <cstddef>
#include <string>
#include <string_view>

namespace intake::xml_input {

inline constexpr std::size_t kNoProblem = std::string_view::npos;

// Offset of the first byte that does not start a valid UTF-8 encoded XML 1.0 character
// (bad UTF-8, surrogates, U+FFFE/U+FFFF, control characters other than tab, LF and CR).
std::size_t find_invalid_character(std::string_view text);

// True when the text may hold a comment, CDATA section or processing instruction (other than the
// XML declaration): these split an element's text into several parser nodes.
bool may_split_text(std::string_view xml);

struct BadReference {
  std::size_t offset = kNoProblem;
  std::string message;
};

// The first '&' at or after `from` that is outside comments, CDATA sections and processing
// instructions and does not start &amp; &lt; &gt; &quot; &apos; or a character reference to an
// XML character. pugixml leaves such text as it is; HQ's parser refuses it.
BadReference find_bad_reference(std::string_view xml, std::size_t from);

struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;  // in characters (UTF-8 code points), not bytes
};

TextPosition position_of(std::string_view text, std::size_t offset);

}  // namespace intake::xml_input
