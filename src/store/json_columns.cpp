#include "store/json_columns.hpp"

#include <nlohmann/json.hpp>

namespace intake::store {
namespace {

// Header values come from the network: replace invalid UTF-8 rather than fail the append.
constexpr auto kLenient = nlohmann::json::error_handler_t::replace;

nlohmann::json parse_or_empty_array(std::string_view json) {
  auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  return parsed.is_array() ? parsed : nlohmann::json::array();
}

}  // namespace

std::string headers_to_json(const std::vector<Header>& headers) {
  auto array = nlohmann::json::array();
  for (const Header& header : headers) {
    array.push_back({{"name", header.name}, {"value", header.value}});
  }
  return array.dump(-1, ' ', false, kLenient);
}

std::vector<Header> headers_from_json(std::string_view json) {
  std::vector<Header> headers;
  for (const auto& item : parse_or_empty_array(json)) {
    headers.push_back({item.value("name", ""), item.value("value", "")});
  }
  return headers;
}

std::string strings_to_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, kLenient);
}

std::vector<std::string> strings_from_json(std::string_view json) {
  std::vector<std::string> values;
  for (const auto& item : parse_or_empty_array(json)) {
    if (item.is_string()) values.push_back(item.get<std::string>());
  }
  return values;
}

}  // namespace intake::store
