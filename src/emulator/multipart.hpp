#pragma once
// multipart/form-data bodies (RFC 7578): the parts' names, file names and bytes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intake::emulator {

struct FormPart {
  std::string name;
  std::optional<std::string> filename;  // set for file parts
  std::string content_type;
  std::string data;
};

// The boundary of a "multipart/form-data; boundary=..." content type, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits a body into its parts; nullopt when it is not well-formed.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                     const std::string& boundary);

}  // namespace intake::emulator
