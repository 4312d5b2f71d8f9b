#include "adaptors/commcare/bulk_upload_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace intake::adaptors::commcare {
namespace {

// libxlsxwriter 1.1.4 only writes files: a private temp file, removed whatever happens.
class TempFile {
 public:
  TempFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "intake-upload-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create a temp file for the .xlsx");
    ::close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR) {
    throw std::runtime_error(std::string("writing the .xlsx (") + what +
                             "): " + lxw_strerror(error));
  }
}

}  // namespace

std::string bulk_upload_xlsx(const std::vector<std::string>& columns,
                             const std::vector<std::vector<std::string>>& rows) {
  TempFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (!workbook) throw std::runtime_error("writing the .xlsx: cannot create the workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
  try {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      check(
          worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), columns[c].c_str(), nullptr),
          "header");
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        if (rows[r][c].empty()) continue;  // a blank cell leaves the property unchanged
        check(worksheet_write_string(sheet, static_cast<lxw_row_t>(r + 1),
                                     static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr),
              "cell");
      }
    }
  } catch (...) {
    workbook_close(workbook);
    throw;
  }
  check(workbook_close(workbook), "close");
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("writing the .xlsx: cannot read it back");
  return bytes.str();
}

}  // namespace intake::adaptors::commcare
