#include "emulator/multipart.hpp"

#include <cctype>

namespace intake::emulator {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The value of `key` in a header value like `form-data; name="file"; filename="a.xlsx"`.
std::optional<std::string> header_param(std::string_view value, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = value.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = trim(value.substr(pos));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (lower(trim(rest.substr(0, eq))) != key) continue;
    std::string_view raw = rest.substr(eq + 1);
    if (!raw.empty() && raw.front() == '"') {
      const auto close = raw.find('"', 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(raw.substr(1, close - 1));
    }
    return std::string(trim(raw.substr(0, raw.find(';'))));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (lower(trim(content_type.substr(0, semicolon))) != "multipart/form-data") return std::nullopt;
  auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty()) return std::nullopt;
  return boundary;
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                     const std::string& boundary) {
  const std::string delimiter = "--" + boundary;
  std::vector<FormPart> parts;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return std::nullopt;
    FormPart part;
    bool has_disposition = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const auto eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      const std::string name = lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        auto field = header_param(value, "name");
        if (!field) return std::nullopt;
        part.name = *field;
        part.filename = header_param(value, "filename");
        has_disposition = true;
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition) return std::nullopt;
    const std::size_t data_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace intake::emulator
