#pragma once
// Helpers for the emulator's tests: an emulator in this process with two users, HQ-style
// requests over real loopback HTTP, .xlsx files made with libxlsxwriter, multipart bodies.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "intake/emulator/emulator.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"

namespace intake::test {

using Headers = std::map<std::string, std::string>;

// "api@example.org" (key "key-123", password "pw-123") is a member of "demo";
// "outsider@example.org" (key "key-456") only of "elsewhere".
std::vector<emulator::User> test_users();
Headers api_key_auth();
Headers basic_auth(const std::string& user, const std::string& password);
Headers with(Headers headers, const std::string& name, const std::string& value);

class EmulatorTest : public ::testing::Test {
 protected:
  explicit EmulatorTest(emulator::Options options = default_options());
  static emulator::Options default_options();

  HttpResult get(const std::string& target, const Headers& headers = api_key_auth());
  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  Headers headers = api_key_auth());
  // Sends JSON and parses the JSON answer (null when the body is not JSON).
  nlohmann::json send_json(const std::string& method, const std::string& target,
                           const nlohmann::json& body, int expected_status);
  nlohmann::json get_json(const std::string& target, int expected_status = 200);

  std::unique_ptr<emulator::CommCareEmulator> emulator_;
};

// A workbook with one sheet: rows[0] is the header. Cells are written as strings unless they
// parse as whole numbers. `inline_strings` writes them in the cells (libxlsxwriter's
// constant-memory mode) instead of in sharedStrings.xml.
std::string make_xlsx(const std::vector<std::vector<std::string>>& rows,
                      bool inline_strings = false);

struct Part {
  std::string name;
  std::string value;
  std::string filename;  // "" for a plain field
};
// A multipart/form-data body and its Content-Type.
std::pair<std::string, std::string> multipart(const std::vector<Part>& parts);

// An XForm with a meta block and the given case blocks (raw XML inside the root).
std::string xform(const std::string& instance_id, const std::string& case_blocks,
                  const std::string& answer = "yes");

}  // namespace intake::test
