#include "emulator_helpers.hpp"

#include <xlsxwriter.h>

#include <cstdlib>

namespace intake::test {

std::vector<emulator::User> test_users() {
  return {{"api@example.org", "key-123", "pw-123", {"demo"}},
          {"outsider@example.org", "key-456", "", {"elsewhere"}}};
}

Headers api_key_auth() { return {{"Authorization", "ApiKey api@example.org:key-123"}}; }

Headers basic_auth(const std::string& user, const std::string& password) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + password;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? alphabet[n & 63] : '=';
  }
  return {{"Authorization", "Basic " + out}};
}

Headers with(Headers headers, const std::string& name, const std::string& value) {
  headers[name] = value;
  return headers;
}

emulator::Options EmulatorTest::default_options() {
  emulator::Options options;
  options.users = test_users();
  return options;
}

EmulatorTest::EmulatorTest(emulator::Options options)
    : emulator_(std::make_unique<emulator::CommCareEmulator>(std::move(options))) {
  emulator_->start();
}

HttpResult EmulatorTest::get(const std::string& target, const Headers& headers) {
  return http_request(emulator_->port(), "GET", target, headers);
}

HttpResult EmulatorTest::send(const std::string& method, const std::string& target,
                              const std::string& body, Headers headers) {
  return http_request(emulator_->port(), method, target, headers, body);
}

nlohmann::json EmulatorTest::send_json(const std::string& method, const std::string& target,
                                       const nlohmann::json& body, int expected_status) {
  auto result =
      send(method, target, body.dump(), with(api_key_auth(), "Content-Type", "application/json"));
  EXPECT_EQ(result.status, expected_status) << method << " " << target << ": " << result.body;
  return nlohmann::json::parse(result.body, nullptr, false);
}

nlohmann::json EmulatorTest::get_json(const std::string& target, int expected_status) {
  auto result = get(target);
  EXPECT_EQ(result.status, expected_status) << target << ": " << result.body;
  return nlohmann::json::parse(result.body, nullptr, false);
}

std::string make_xlsx(const std::vector<std::vector<std::string>>& rows, bool inline_strings) {
  TempDir dir;
  const std::string path = (dir.path() / "upload.xlsx").string();
  lxw_workbook_options options{};
  options.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE;
  options.tmpdir = nullptr;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Cases");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      char* end = nullptr;
      const long number = cell.empty() ? 0 : std::strtol(cell.c_str(), &end, 10);
      if (!cell.empty() && end && *end == '\0') {
        worksheet_write_number(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                               static_cast<double>(number), nullptr);
      } else if (!cell.empty()) {
        worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                               cell.c_str(), nullptr);
      }
    }
  }
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  return read_file(path);
}

std::pair<std::string, std::string> multipart(const std::vector<Part>& parts) {
  const std::string boundary = "----emulator-test-boundary";
  std::string body;
  for (const auto& part : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) {
      body += "; filename=\"" + part.filename +
              "\"\r\nContent-Type: application/vnd.openxmlformats-officedocument."
              "spreadsheetml.sheet";
    }
    body += "\r\n\r\n" + part.value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {body, "multipart/form-data; boundary=" + boundary};
}

std::string xform(const std::string& instance_id, const std::string& case_blocks,
                  const std::string& answer) {
  return R"(<?xml version="1.0"?>
<data xmlns="http://openrosa.org/formdesigner/TEST-FORM" name="Test" version="3" uiVersion="1">
  <question1>)" +
         answer + "</question1>\n" + case_blocks +
         R"(
  <n1:meta xmlns:n1="http://openrosa.org/jr/xforms">
    <n1:deviceID>test-device</n1:deviceID>
    <n1:timeStart>2024-05-01T10:00:00.000+02</n1:timeStart>
    <n1:timeEnd>2024-05-01T10:05:00.000+02</n1:timeEnd>
    <n1:username>worker</n1:username>
    <n1:userID>u1</n1:userID>
    <n1:instanceID>)" +
         instance_id + R"(</n1:instanceID>
  </n1:meta>
</data>)";
}

}  // namespace intake::test
