#pragma once
// Column-aligned plain text for the CLI's listings: a header row, then one row a record. Widths
// count UTF-8 characters, not bytes; the last column is never padded.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace intake::inspect {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);
  void add(std::vector<std::string> row);
  // A column at least this wide, so that listings of different records line up alike.
  void min_width(std::size_t column, std::size_t width);
  void print(std::ostream& out, std::string_view indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;  // the header first
  std::vector<std::size_t> min_widths_;
};

}  // namespace intake::inspect
