#include "emulator/bulk_upload.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "emulator/case_blocks.hpp"
#include "emulator/hq_values.hpp"
#include "emulator/multipart.hpp"
#include "emulator/xlsx_reader.hpp"
#include "intake/common/ids.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

constexpr std::size_t kChunkSize = 100;  // HQ imports in chunks of this many rows
const std::set<std::string> kFields = {"file",          "case_type",        "search_field",
                                       "search_column", "create_new_cases", "name_column",
                                       "comment"};
const char* kImporterXmlns = "http://commcarehq.org/case_importer";

// HQ answers bad input to this API with a JSON 500.
Response importer_error(const std::string& message) {
  return json_response(500, {{"code", 500}, {"message", message}});
}

std::string extension_of(const std::string& filename) {
  const auto dot = filename.rfind('.');
  std::string ext = dot == std::string::npos ? "" : filename.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

json row_error(const char* title, const char* description, const std::string& column,
               const std::vector<int>& rows) {
  return {{"title", title}, {"description", description}, {"column", column}, {"rows", rows}};
}

// Applies the rows (one generated form per chunk) and fills job.result, as HQ's do_import.
void run_import(State& state, ImportJob& job) {
  CallContext call{job.domain, job.user_id, ""};
  std::size_t search_index = 0, name_index = std::string::npos;
  for (std::size_t i = 0; i < job.header.size(); ++i) {
    if (job.header[i] == job.search_column) search_index = i;
    if (job.header[i] == job.name_column) name_index = i;
  }
  int match_count = 0, created_count = 0, too_many = 0;
  std::vector<int> blank_rows, too_many_rows;
  std::vector<CaseChange> chunk;
  int chunks = 0;
  auto flush = [&] {
    if (chunk.empty()) return;
    submit_generated_form(state, call, chunk, kImporterXmlns, "");
    chunk.clear();
    ++chunks;
  };
  for (std::size_t r = 0; r < job.rows.size(); ++r) {
    const int row_number = static_cast<int>(r) + 2;  // the spreadsheet's row, after the header
    const auto& row = job.rows[r];
    auto cell = [&](std::size_t i) { return i < row.size() ? trim(row[i]) : std::string(); };
    const std::string search_value = cell(search_index);
    CaseChange change;
    change.user_id = job.user_id;
    if (search_value.empty() && job.search_field == "external_id") {
      blank_rows.push_back(row_number);
      continue;
    }
    std::vector<const Case*> found;
    if (!search_value.empty()) {
      if (job.search_field == "case_id") {
        if (const Case* c = state.cases.find(job.domain, search_value)) found.push_back(c);
      } else {
        found = state.cases.find_by_external_id(job.domain, search_value, job.case_type);
      }
    }
    if (found.size() > 1) {
      ++too_many;
      too_many_rows.push_back(row_number);
      continue;
    }
    if (found.empty()) {
      if (!job.create_new_cases) continue;  // unmatched rows are skipped unless creating
      change.create = true;
      change.case_id = new_uuid_v4();
      change.case_type = job.case_type;
      change.owner_id = job.user_id;
      change.case_name = "";
      if (job.search_field == "external_id") change.external_id = search_value;
      ++created_count;
    } else {
      change.case_id = found.front()->case_id;
      ++match_count;
    }
    for (std::size_t i = 0; i < job.header.size(); ++i) {
      if (i == search_index || job.header[i].empty()) continue;
      const std::string value = cell(i);
      if (value.empty()) continue;  // blank cells leave the property as it is
      if (i == name_index) {
        change.case_name = value;
      } else if (job.header[i] == "owner_id") {
        change.owner_id = value;
      } else if (job.header[i] == "external_id") {
        change.external_id = value;
      } else {
        change.properties[job.header[i]] = value;
      }
    }
    chunk.push_back(std::move(change));
    if (chunk.size() == kChunkSize) flush();
  }
  flush();
  json errors = json::array();
  if (!blank_rows.empty()) {
    errors.push_back(row_error(
        "Blank External ID",
        "Blank external ids were found in these rows causing as error when importing cases.",
        job.search_column, blank_rows));
  }
  if (!too_many_rows.empty()) {
    errors.push_back(row_error("Too Many Matches",
                               "These rows matched more than one case at the same time - this "
                               "means that there are cases in your system with the same "
                               "external ID.",
                               job.search_column, too_many_rows));
  }
  job.result = {{"match_count", match_count},
                {"created_count", created_count},
                {"too_many_matches", too_many},
                {"num_chunks", chunks},
                {"errors", errors}};
  job.state = 2;
}

std::optional<std::string> invalid_columns(const std::vector<std::string>& header) {
  std::string bad;
  for (const auto& column : header) {
    if (!column.empty() && !is_valid_property_name(column))
      bad += (bad.empty() ? "" : ", ") + column;
  }
  if (bad.empty()) return std::nullopt;
  return "Column names correspond to case property names. They must start with a letter, and "
         "can only contain letters, numbers and underscores. Please update the following: " +
         bad + ".";
}

}  // namespace

nlohmann::json ImportJob::to_json() const {
  return {{"upload_id", id},
          {"domain", domain},
          {"case_type", case_type},
          {"search_field", search_field},
          {"search_column", search_column},
          {"name_column", name_column},
          {"create_new_cases", create_new_cases},
          {"comment", comment},
          {"filename", filename},
          {"header", header},
          {"rows", rows},
          {"state", state},
          {"result", result}};
}

std::string import_status_path(const std::string& domain, const std::string& upload_id) {
  return "/a/" + domain + "/importer/history/uploads/" + upload_id + "/status/";
}

Response handle_bulk_upload(State& state, const CallContext& call, const Request& request) {
  if (request.method != "POST") return empty_response(405);
  const auto boundary = multipart_boundary(request.header("content-type").value_or(""));
  const auto parts = boundary ? parse_multipart(request.body, *boundary) : std::nullopt;
  if (!parts) {
    return importer_error("Invalid POST request. Both 'file' and 'case_type' are required");
  }
  std::map<std::string, const FormPart*> fields;
  for (const auto& part : *parts) {
    if (!kFields.count(part.name)) {
      // Stricter than HQ, which ignores unknown fields: a misspelt field would silently fall
      // back to its default there.
      return importer_error("Unexpected form field '" + part.name + "'. Known fields: file, " +
                            "case_type, search_field, search_column, create_new_cases, " +
                            "name_column, comment");
    }
    fields[part.name] = &part;
  }
  auto text = [&](const std::string& name, const std::string& fallback) {
    auto it = fields.find(name);
    return it == fields.end() ? fallback : it->second->data;
  };
  const auto file = fields.find("file");
  if (file == fields.end() || !file->second->filename || file->second->data.empty() ||
      text("case_type", "").empty()) {
    return importer_error("Invalid POST request. Both 'file' and 'case_type' are required");
  }
  ImportJob job;
  job.search_field = text("search_field", "case_id");
  if (job.search_field != "case_id" && job.search_field != "external_id") {
    return importer_error("Illegal value for search_field: " + job.search_field);
  }
  job.search_column = text("search_column", job.search_field);
  job.name_column = text("name_column", "name");
  job.create_new_cases = text("create_new_cases", "") == "on";
  job.comment = text("comment", "");
  job.case_type = text("case_type", "");
  job.filename = *file->second->filename;
  const std::string extension = extension_of(job.filename);
  if (extension != "xlsx" && extension != "xls") {
    return importer_error("Please upload file with one of the following extensions: xls, xlsx");
  }
  if (extension == "xls") {
    return importer_error("The emulator reads only .xlsx files (HQ also opens .xls)");
  }
  const XlsxResult workbook = read_xlsx(file->second->data);
  if (!workbook.ok) return importer_error("Error opening file: " + workbook.error);
  const Worksheet& sheet = workbook.sheets.front();
  if (sheet.rows.size() < 2) {
    return importer_error(
        "Your spreadsheet is empty. Please try again with a different spreadsheet.");
  }
  job.header = sheet.rows.front();
  for (auto& column : job.header) column = trim(column);
  if (auto error = invalid_columns(job.header)) return importer_error(*error);
  if (std::find(job.header.begin(), job.header.end(), job.search_column) == job.header.end()) {
    return importer_error("The search column '" + job.search_column +
                          "' is not in the spreadsheet's header row");
  }
  job.rows.assign(sheet.rows.begin() + 1, sheet.rows.end());
  job.id = new_uuid_v4();
  job.domain = call.domain;
  job.user_id = call.user_id;
  if (state.fail_imports > 0) {
    --state.fail_imports;
    job.fail = true;
  }
  const std::string status_url = state.base_url + import_status_path(call.domain, job.id);
  state.import_order.push_back(job.id);
  state.imports[job.id] = std::move(job);
  return json_response(200, {{"code", 200}, {"message", "success"}, {"status_url", status_url}});
}

Response handle_import_status(State& state, const CallContext& call, const std::string& upload_id) {
  auto it = state.imports.find(upload_id);
  if (it == state.imports.end() || it->second.domain != call.domain) return empty_response(404);
  ImportJob& job = it->second;
  if (job.state == 1 && job.polls++ >= state.options.import_polls_before_done) {
    if (job.fail) {
      job.state = 3;
      job.result = {
          {"match_count", 0},
          {"created_count", 0},
          {"too_many_matches", 0},
          {"num_chunks", 0},
          {"errors", json::array({row_error(
                         "Import Error",
                         "Problems in importing cases. Please check the Excel file.", "", {})})}};
    } else {
      run_import(state, job);
    }
  }
  const int percent = job.state == 1 ? 0 : 100;
  return json_response(
      200, {{"state", job.state}, {"progress", {{"percent", percent}}}, {"result", job.result}});
}

}  // namespace intake::emulator
