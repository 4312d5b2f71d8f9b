#pragma once
// multipart/form-data (RFC 7578) for the bulk upload: text fields and one file part.

#include <string>
#include <utility>
#include <vector>

namespace intake::adaptors::commcare {

struct MultipartFile {
  std::string field;
  std::string filename;
  std::string content_type;
  std::string content;
};

struct MultipartBody {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string body;
};

// A random boundary that does not occur in any part.
MultipartBody multipart_form(const std::vector<std::pair<std::string, std::string>>& fields,
                             const MultipartFile& file);

}  // namespace intake::adaptors::commcare
