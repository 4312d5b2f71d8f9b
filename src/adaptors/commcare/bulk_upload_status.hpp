#pragma once
// The answer of a bulk upload's status_url (commcare.md §2.5).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::adaptors::commcare {

struct ImportRowError {
  std::string title;
  std::string description;
  std::string column;
  std::vector<std::int64_t> rows;  // spreadsheet rows: the header is row 1
  std::string summary() const;     // "Blank External ID (column external_id): … rows 2, 3"
};

struct ImportStatus {
  bool valid = false;  // an object with a numeric state
  int state = 0;       // 0 not started, 1 started, 2 complete, 3 failed
  std::vector<ImportRowError> errors;
};

ImportStatus parse_import_status(const nlohmann::json& status);

}  // namespace intake::adaptors::commcare
