#pragma once
// The spreadsheet a CommCare bulk upload sends: one sheet, a header row, every cell as text.

#include <string>
#include <vector>

namespace intake::adaptors::commcare {

// The bytes of an .xlsx file with `columns` as its header row and `rows` below it (each row as
// long as `columns`). Cells are written as strings so leading zeros survive. Throws
// std::runtime_error when libxlsxwriter fails.
std::string bulk_upload_xlsx(const std::vector<std::string>& columns,
                             const std::vector<std::vector<std::string>>& rows);

}  // namespace intake::adaptors::commcare
