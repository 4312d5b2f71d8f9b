#include "filter/value_summary.hpp"

namespace intake::filter::detail {
namespace {

constexpr std::size_t max_summary_bytes = 80;

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string summarize(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() <= max_summary_bytes) return text;
  std::size_t cut = max_summary_bytes;
  while (cut > 0 && is_utf8_continuation(text[cut])) --cut;
  text.resize(cut);
  text += "…";
  return text;
}

}  // namespace intake::filter::detail
