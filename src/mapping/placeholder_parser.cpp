#include "mapping/placeholder_parser.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "mapping/syntax_error.hpp"

namespace intake::mapping::detail {
namespace {

using nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// At most `max` bytes of `text`, cut before a UTF-8 continuation byte: messages end up in JSON
// logs, which refuse broken characters.
std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  while (max > 0 && (static_cast<unsigned char>(text[max]) & 0xC0) == 0x80) --max;
  return text.substr(0, max);
}

// The placeholder starting at `open`, up to its "}}" (or 80 characters), to quote in messages.
std::string snippet(std::string_view text, std::size_t open) {
  const std::size_t close = text.find("}}", open + 2);
  const std::size_t end = close == std::string_view::npos ? text.size() : close + 2;
  constexpr std::size_t kMax = 80;
  if (end - open <= kMax) return std::string(text.substr(open, end - open));
  return std::string(utf8_prefix(text.substr(open), kMax)) + "…";
}

// A bare word is almost always a string written without the JSON quotes.
std::string literal_hint(std::string_view literal) {
  if (literal.front() == '\'') return " (JSON strings use double quotes)";
  if (std::string_view("\"[{-0123456789").find(literal.front()) != std::string_view::npos)
    return "";
  return " (a string needs double quotes: default: \"" + std::string(literal) + "\")";
}

// One placeholder body: after "{{" up to and including "}}" (braced), or a whole bare string.
class BodyParser {
 public:
  BodyParser(std::string_view text, std::size_t pos, bool braced, bool item_allowed)
      : text_(text), pos_(pos), braced_(braced), item_allowed_(item_allowed) {}

  std::variant<std::string, Expression> parse() {
    // With no "}}" anywhere after it, "unclosed" says more than whatever else is wrong inside.
    if (braced_ && text_.find("}}", pos_) == std::string_view::npos) unclosed();
    skip_space();
    if (pos_ == text_.size()) {
      if (braced_) unclosed();
      throw SyntaxError("a JSON pointer is needed here, such as /data/id");
    }
    if (at_close()) throw SyntaxError("empty placeholder: write a JSON pointer such as /data/id");
    if (braced_ && text_[pos_] == '"') return string_literal();
    Expression expression{pointer(), std::nullopt};
    skip_space();
    if (!at_close()) {
      if (pos_ == text_.size()) unclosed();
      if (text_[pos_] != '|') {
        throw SyntaxError(
            "unexpected '" + std::string(utf8_prefix(text_.substr(pos_), 20)) +
            "' after the pointer (write '| default: <JSON literal>' or close with '}}')");
      }
      ++pos_;
      expression.fallback = default_literal();
    }
    finish();
    return expression;
  }

  std::size_t end() const { return pos_; }

 private:
  bool at_close() const {
    return braced_ ? text_.substr(pos_).starts_with("}}") : pos_ == text_.size();
  }
  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  void finish() {
    if (braced_) pos_ += 2;
  }
  [[noreturn]] void unclosed() const { throw SyntaxError("'{{' is not closed by '}}'"); }

  std::string string_literal() {
    const std::size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) unclosed();
    const std::string_view quoted = text_.substr(start, ++pos_ - start);
    const json value = json::parse(quoted, nullptr, false);
    if (value.is_discarded())
      throw SyntaxError(std::string(quoted) + " is not a valid JSON string");
    skip_space();
    if (!at_close()) {
      if (pos_ == text_.size()) unclosed();
      throw SyntaxError("a literal placeholder holds one JSON string and nothing else");
    }
    finish();
    return value.get<std::string>();
  }

  StatePointer pointer() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != '|' && !at_close())
      ++pos_;
    return parse_state_pointer(text_.substr(start, pos_ - start), item_allowed_);
  }

  json default_literal() {
    skip_space();
    const std::size_t name_start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    const std::string_view name = text_.substr(name_start, pos_ - name_start);
    if (name != "default") {
      throw SyntaxError("unknown filter '" + std::string(name) +
                        "' (the only one is '| default: <JSON literal>')");
    }
    skip_space();
    if (pos_ == text_.size() || text_[pos_] != ':') {
      throw SyntaxError("write 'default:' followed by a JSON literal");
    }
    ++pos_;
    skip_space();
    const std::size_t start = pos_;
    skip_literal();
    if (braced_ && pos_ == text_.size()) unclosed();
    std::string_view literal = text_.substr(start, pos_ - start);
    while (!literal.empty() && is_space(literal.back())) literal.remove_suffix(1);
    if (literal.empty())
      throw SyntaxError("default: needs a JSON literal (0, \"text\", null, [] …)");
    json value = json::parse(literal, nullptr, false);
    if (value.is_discarded()) {
      throw SyntaxError("default " + std::string(literal) + " is not a JSON literal" +
                        literal_hint(literal));
    }
    return value;
  }

  // Up to the closing "}}", skipping those inside JSON strings and nested objects/arrays, so a
  // default such as {"a":{}} or "}}" is taken whole.
  void skip_literal() {
    int depth = 0;
    bool in_string = false;
    for (; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (in_string) {
        if (c == '\\') {
          ++pos_;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (depth == 0 && at_close()) return;
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && depth > 0) {
        --depth;
      }
    }
    pos_ = std::min(pos_, text_.size());
  }

  std::string_view text_;
  std::size_t pos_;
  bool braced_;
  bool item_allowed_;
};

}  // namespace

std::vector<Piece> parse_template_string(std::string_view text, bool item_allowed) {
  std::vector<Piece> pieces;
  std::string literal;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    // In a run of braces the placeholder opens at the last two: "{{{ /x }}}" is "{", x, "}".
    while (open + 2 < text.size() && text[open + 2] == '{') ++open;
    literal.append(text.substr(pos, open - pos));
    BodyParser body(text, open + 2, true, item_allowed);
    std::variant<std::string, Expression> parsed;
    try {
      parsed = body.parse();
    } catch (const SyntaxError& e) {
      throw SyntaxError(snippet(text, open) + ": " + e.what());
    }
    if (auto* text_piece = std::get_if<std::string>(&parsed)) {
      literal += *text_piece;
    } else {
      if (!literal.empty()) pieces.emplace_back(std::exchange(literal, {}));
      pieces.emplace_back(Placeholder{std::move(std::get<Expression>(parsed)),
                                      std::string(text.substr(open, body.end() - open))});
    }
    pos = body.end();
  }
  literal.append(text.substr(pos));
  if (!literal.empty() || pieces.empty()) pieces.emplace_back(std::move(literal));
  return pieces;
}

Expression parse_expression(std::string_view text, bool item_allowed) {
  BodyParser body(text, 0, false, item_allowed);
  return std::get<Expression>(body.parse());
}

}  // namespace intake::mapping::detail
