#include "emulator/http_types.hpp"

namespace intake::emulator {

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

Response json_response(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  // Recorded bodies may hold any bytes (spreadsheets): invalid UTF-8 is replaced, not fatal.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response error_response(int status, std::string_view message) {
  return json_response(status, {{"error", message}});
}

Response empty_response(int status) {
  Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  return response;
}

}  // namespace intake::emulator
