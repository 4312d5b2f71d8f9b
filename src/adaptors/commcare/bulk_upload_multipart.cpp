#include "adaptors/commcare/bulk_upload_multipart.hpp"

#include <random>

namespace intake::adaptors::commcare {
namespace {

std::string random_boundary() {
  static const char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string boundary = "----intake-";
  for (int i = 0; i < 32; ++i) boundary += kAlphabet[pick(engine)];
  return boundary;
}

// Field names and file names are ours (config); quotes and line breaks would break the header.
std::string quoted(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "%22";
    } else if (c == '\r' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool occurs_in(const std::string& boundary,
               const std::vector<std::pair<std::string, std::string>>& fields,
               const MultipartFile& file) {
  if (file.content.find(boundary) != std::string::npos) return true;
  for (const auto& [name, value] : fields) {
    if (value.find(boundary) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

MultipartBody multipart_form(const std::vector<std::pair<std::string, std::string>>& fields,
                             const MultipartFile& file) {
  std::string boundary = random_boundary();
  while (occurs_in(boundary, fields, file)) boundary = random_boundary();
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n\r\n";
    body += value + "\r\n";
  }
  body += "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"" + quoted(file.field) + "\"; filename=\"" +
          quoted(file.filename) + "\"\r\n";
  body += "Content-Type: " + file.content_type + "\r\n\r\n";
  body += file.content + "\r\n";
  body += "--" + boundary + "--\r\n";
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

}  // namespace intake::adaptors::commcare
