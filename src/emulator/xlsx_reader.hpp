#pragma once
// Reads the cell text of an .xlsx workbook (a zip of SpreadsheetML parts): workbook.xml for the
// sheets, the workbook relationships for their parts, sharedStrings.xml, inline strings,
// numbers and booleans. Formatting (dates shown as numbers), formulas and merged cells are not
// interpreted: a cell is its stored value as text.

#include <string>
#include <string_view>
#include <vector>

namespace intake::emulator {

struct Worksheet {
  std::string name;
  // rows[r][c] is the text of the cell at row r+1, column c+1 ("" when empty); rows and cells
  // missing from the file are empty; trailing empty rows are dropped.
  std::vector<std::vector<std::string>> rows;
};

struct XlsxResult {
  bool ok = false;
  std::string error;  // why the file is not a readable .xlsx
  std::vector<Worksheet> sheets;
};

XlsxResult read_xlsx(std::string_view bytes);

}  // namespace intake::emulator
