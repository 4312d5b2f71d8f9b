#include "emulator/xlsx_reader.hpp"

#include <zip.h>

#include <pugixml.hpp>

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

namespace intake::emulator {
namespace {

constexpr zip_uint64_t kMaxPartSize = 64u << 20;  // refuses zip bombs

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

struct BadWorkbook : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::optional<std::string> read_part(zip_t* archive, const std::string& name) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, name.c_str(), 0, &stat) != 0) return std::nullopt;
  if (!(stat.valid & ZIP_STAT_SIZE) || stat.size > kMaxPartSize) {
    throw BadWorkbook("part " + name + " is too large");
  }
  zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
  if (!file) throw BadWorkbook("cannot open part " + name);
  std::string data(static_cast<std::size_t>(stat.size), '\0');
  const zip_int64_t got = zip_fread(file, data.data(), stat.size);
  zip_fclose(file);
  if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) {
    throw BadWorkbook("cannot read part " + name);
  }
  return data;
}

// Parses XML without DTD processing (pugixml never expands external or custom entities).
pugi::xml_document parse_xml(const std::string& text, const std::string& name) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result) throw BadWorkbook(name + " is not well-formed XML: " + result.description());
  return doc;
}

std::string_view local_name(const char* name) {
  std::string_view view(name);
  const auto colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (auto c : node.children()) {
    if (local_name(c.name()) == name) return c;
  }
  return {};
}

const char* attribute(pugi::xml_node node, std::string_view name) {
  for (auto a : node.attributes()) {
    if (local_name(a.name()) == name) return a.value();
  }
  return "";
}

// Text of every <t> below `node` (rich text runs), skipping phonetic hints (<rPh>).
void collect_text(pugi::xml_node node, std::string& out) {
  for (auto c : node.children()) {
    const auto name = local_name(c.name());
    if (name == "t") {
      out += c.text().get();
    } else if (name != "rPh") {
      collect_text(c, out);
    }
  }
}

std::vector<std::string> read_shared_strings(zip_t* archive) {
  std::vector<std::string> strings;
  auto text = read_part(archive, "xl/sharedStrings.xml");
  if (!text) return strings;
  auto doc = parse_xml(*text, "xl/sharedStrings.xml");
  for (auto si : doc.document_element().children()) {
    if (local_name(si.name()) != "si") continue;
    std::string value;
    collect_text(si, value);
    strings.push_back(std::move(value));
  }
  return strings;
}

// "BC12" → column index 54 (0-based); -1 when there are no letters.
int column_of(std::string_view ref) {
  int column = 0;
  std::size_t i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
  }
  return i == 0 ? -1 : column - 1;
}

std::string cell_text(pugi::xml_node cell, const std::vector<std::string>& shared) {
  const std::string type = attribute(cell, "t");
  if (type == "inlineStr") {
    std::string value;
    if (auto is = child(cell, "is")) collect_text(is, value);
    return value;
  }
  const std::string raw = child(cell, "v").text().get();
  if (type == "s") {
    std::size_t index = 0;
    try {
      index = std::stoul(raw);
    } catch (const std::exception&) {
      throw BadWorkbook("a shared string index is not a number");
    }
    if (index >= shared.size()) throw BadWorkbook("a shared string index is out of range");
    return shared[index];
  }
  if (type == "b") return raw == "1" ? "TRUE" : "FALSE";
  if (type.empty() || type == "n") {
    // Whole numbers read as integers, as HQ's reader gives them ("5", not "5.0").
    if (raw.size() > 2 && raw.compare(raw.size() - 2, 2, ".0") == 0) {
      return raw.substr(0, raw.size() - 2);
    }
  }
  return raw;  // "str" (formula result), "e" (error) and other numbers as stored
}

Worksheet read_sheet(const std::string& name, const std::string& xml,
                     const std::vector<std::string>& shared) {
  Worksheet sheet;
  sheet.name = name;
  auto doc = parse_xml(xml, "sheet '" + name + "'");
  auto data = child(doc.document_element(), "sheetData");
  std::size_t next_row = 1;
  for (auto row : data.children()) {
    if (local_name(row.name()) != "row") continue;
    std::size_t number = next_row;
    if (const char* r = attribute(row, "r"); *r) number = std::strtoul(r, nullptr, 10);
    if (number == 0 || number > 1048576) throw BadWorkbook("a row number is out of range");
    next_row = number + 1;
    if (sheet.rows.size() < number) sheet.rows.resize(number);
    auto& cells = sheet.rows[number - 1];
    int next_column = 0;
    for (auto cell : row.children()) {
      if (local_name(cell.name()) != "c") continue;
      int column = next_column;
      if (const char* ref = attribute(cell, "r"); *ref) column = column_of(ref);
      if (column < 0 || column >= 16384) throw BadWorkbook("a cell reference is out of range");
      next_column = column + 1;
      if (cells.size() <= static_cast<std::size_t>(column)) cells.resize(column + 1);
      cells[column] = cell_text(cell, shared);
    }
  }
  while (!sheet.rows.empty()) {
    bool empty = true;
    for (const auto& cell : sheet.rows.back()) empty = empty && cell.empty();
    if (!empty) break;
    sheet.rows.pop_back();
  }
  return sheet;
}

std::string resolve_target(const std::string& target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  return "xl/" + target;
}

}  // namespace

XlsxResult read_xlsx(std::string_view bytes) {
  XlsxResult result;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    result.error = zip_error_strerror(&error);
    zip_error_fini(&error);
    return result;
  }
  Zip archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    result.error = std::string("not a zip archive (") + zip_error_strerror(&error) + ")";
    zip_error_fini(&error);
    return result;
  }
  zip_error_fini(&error);
  try {
    auto workbook_xml = read_part(archive.get(), "xl/workbook.xml");
    if (!workbook_xml) throw BadWorkbook("the archive has no xl/workbook.xml");
    std::map<std::string, std::string> targets;
    if (auto rels = read_part(archive.get(), "xl/_rels/workbook.xml.rels")) {
      auto doc = parse_xml(*rels, "xl/_rels/workbook.xml.rels");
      for (auto rel : doc.document_element().children()) {
        targets[attribute(rel, "Id")] = resolve_target(attribute(rel, "Target"));
      }
    }
    const auto shared = read_shared_strings(archive.get());
    auto workbook = parse_xml(*workbook_xml, "xl/workbook.xml");
    int position = 0;
    for (auto sheet : child(workbook.document_element(), "sheets").children()) {
      ++position;
      const std::string name = attribute(sheet, "name");
      auto target = targets.find(attribute(sheet, "id"));
      const std::string part = target != targets.end()
                                   ? target->second
                                   : "xl/worksheets/sheet" + std::to_string(position) + ".xml";
      auto xml = read_part(archive.get(), part);
      if (!xml) throw BadWorkbook("sheet '" + name + "' has no part " + part);
      result.sheets.push_back(read_sheet(name, *xml, shared));
    }
    if (result.sheets.empty()) throw BadWorkbook("the workbook has no sheets");
    result.ok = true;
  } catch (const BadWorkbook& e) {
    result.sheets.clear();
    result.error = e.what();
  }
  return result;
}

}  // namespace intake::emulator
