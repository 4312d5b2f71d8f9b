#pragma once
// Plain request/response values passed between the emulator's Beast server and its handlers.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::emulator {

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoding is left to the handlers
  std::string query;   // without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names, in order
  std::string body;

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // answered after this long (failure injection)
};

Response json_response(int status, const nlohmann::json& body);
// HQ's 400/404 shape: {"error": message}.
Response error_response(int status, std::string_view message);
// An empty-bodied answer such as HQ's 401/403/429.
Response empty_response(int status);

}  // namespace intake::emulator
