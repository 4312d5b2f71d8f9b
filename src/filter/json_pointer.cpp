#include "filter/json_pointer.hpp"

namespace intake::filter::detail {

std::string append_pointer(std::string_view pointer, std::string_view token) {
  std::string out;
  out.reserve(pointer.size() + token.size() + 1);
  out.append(pointer);
  out.push_back('/');
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace intake::filter::detail
