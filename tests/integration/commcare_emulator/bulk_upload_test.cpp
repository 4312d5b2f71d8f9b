// The Bulk Upload Case Data API: multipart fields, the .xlsx check, status_url, the status
// going from started to complete (or failed), row errors, and the cases the rows made.

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

const std::string kUpload = "/a/demo/importer/excel/bulk_upload_api/";

class BulkUploadTest : public EmulatorTest {
 protected:
  HttpResult upload(const std::vector<Part>& parts) {
    auto [body, type] = multipart(parts);
    return send("POST", kUpload, body, with(api_key_auth(), "Content-Type", type));
  }
  // Uploads, checks HQ's 200 shape and returns the status target.
  std::string upload_ok(const std::vector<Part>& parts) {
    auto result = upload(parts);
    EXPECT_EQ(result.status, 200) << result.body;
    const json answer = json::parse(result.body);
    EXPECT_EQ(answer["code"], 200);
    EXPECT_EQ(answer["message"], "success");
    const std::string url = answer["status_url"];
    EXPECT_EQ(url.rfind(emulator_->base_url() + "/a/demo/importer/", 0), 0u) << url;
    return url.substr(emulator_->base_url().size());
  }
  json poll_until_done(const std::string& status_target) {
    for (int i = 0; i < 10; ++i) {
      json status = get_json(status_target);
      if (status["state"] != 1) return status;
    }
    ADD_FAILURE() << "the import never finished";
    return nullptr;
  }
  void expect_error(const std::vector<Part>& parts, const std::string& message_part) {
    auto result = upload(parts);
    EXPECT_EQ(result.status, 500);
    const json answer = json::parse(result.body, nullptr, false);
    EXPECT_EQ(answer["code"], 500) << result.body;
    EXPECT_NE(answer.value("message", "").find(message_part), std::string::npos) << result.body;
  }
};

TEST_F(BulkUploadTest, ImportGoesFromStartedToCompleteAndCreatesCases) {
  const std::string file = make_xlsx({{"external_id", "name", "dob", "village"},
                                      {"P-1", "Ada", "1990-01-01", "North"},
                                      {"P-2", "Bob", "1991-02-02", "12"}});
  const std::string status = upload_ok({{"file", file, "patients.xlsx"},
                                        {"case_type", "patient"},
                                        {"search_field", "external_id"},
                                        {"create_new_cases", "on"},
                                        {"comment", "first load"}});
  EXPECT_TRUE(emulator_->cases().empty()) << "nothing is imported before the task runs";
  json first = get_json(status);
  EXPECT_EQ(first["state"], 1);
  EXPECT_EQ(first["progress"]["percent"], 0);
  json done = get_json(status);
  EXPECT_EQ(done["state"], 2);
  EXPECT_EQ(done["progress"]["percent"], 100);
  EXPECT_EQ(done["result"], json({{"match_count", 0},
                                  {"created_count", 2},
                                  {"too_many_matches", 0},
                                  {"num_chunks", 1},
                                  {"errors", json::array()}}));
  const json cases = emulator_->cases();
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0]["external_id"], "P-1");
  EXPECT_EQ(cases[0]["case_name"], "Ada");
  EXPECT_EQ(cases[0]["case_type"], "patient");
  EXPECT_EQ(cases[0]["properties"], json({{"dob", "1990-01-01"}, {"village", "North"}}));
  EXPECT_EQ(cases[1]["properties"]["village"], "12") << "a number cell reads as its digits";

  // A second upload matches the same cases by external_id and updates them.
  const std::string again =
      upload_ok({{"file", make_xlsx({{"external_id", "village"}, {"P-1", "South"}}), "update.xlsx"},
                 {"case_type", "patient"},
                 {"search_field", "external_id"}});
  EXPECT_EQ(poll_until_done(again)["result"]["match_count"], 1);
  EXPECT_EQ(emulator_->cases().size(), 2u);
  EXPECT_EQ(get_json("/a/demo/api/case/v2/ext/P-1/")["properties"]["village"], "South");
  EXPECT_EQ(emulator_->imports()[0]["comment"], "first load");
}

TEST_F(BulkUploadTest, InlineStringCellsAreReadToo) {
  const std::string file =
      make_xlsx({{"external_id", "name", "district"}, {"P-7", "Eve", "East"}}, true);
  ASSERT_EQ(file.find("sharedStrings.xml"), std::string::npos) << "no shared strings part";
  const std::string status = upload_ok({{"file", file, "inline.xlsx"},
                                        {"case_type", "patient"},
                                        {"search_field", "external_id"},
                                        {"create_new_cases", "on"}});
  EXPECT_EQ(poll_until_done(status)["result"]["created_count"], 1);
  const json c = get_json("/a/demo/api/case/v2/ext/P-7/");
  EXPECT_EQ(c["case_name"], "Eve");
  EXPECT_EQ(c["properties"]["district"], "East");
}

TEST_F(BulkUploadTest, RowMissingTheSearchValueIsReportedAsARowError) {
  const std::string status = upload_ok(
      {{"file", make_xlsx({{"external_id", "name"}, {"P-1", "Ada"}, {"", "Nobody"}, {"P-3", "Cy"}}),
        "rows.xlsx"},
       {"case_type", "patient"},
       {"search_field", "external_id"},
       {"create_new_cases", "on"}});
  json done = poll_until_done(status);
  EXPECT_EQ(done["state"], 2);
  EXPECT_EQ(done["result"]["created_count"], 2);
  ASSERT_EQ(done["result"]["errors"].size(), 1u);
  EXPECT_EQ(done["result"]["errors"][0]["title"], "Blank External ID");
  EXPECT_EQ(done["result"]["errors"][0]["column"], "external_id");
  EXPECT_EQ(done["result"]["errors"][0]["rows"], json::array({3}));
}

TEST_F(BulkUploadTest, CaseIdSearchUpdatesAndSkipsUnmatchedRowsWithoutCreate) {
  const std::string id = send_json(
      "POST", "/a/demo/api/case/v2/",
      {{"case_type", "patient"}, {"case_name", "A"}, {"owner_id", "o"}}, 200)["case"]["case_id"];
  const std::string status = upload_ok(
      {{"file", make_xlsx({{"case_id", "colour"}, {id, "red"}, {"unknown-id", "blue"}}), "u.xlsx"},
       {"case_type", "patient"}});
  json done = poll_until_done(status);
  EXPECT_EQ(done["result"]["match_count"], 1);
  EXPECT_EQ(done["result"]["created_count"], 0);
  EXPECT_EQ(emulator_->cases().size(), 1u);
  EXPECT_EQ(get_json("/a/demo/api/case/v2/" + id)["properties"]["colour"], "red");
}

TEST_F(BulkUploadTest, BadFieldsAndFilesAreJson500s) {
  const std::string good = make_xlsx({{"case_id", "x"}, {"a", "b"}});
  expect_error({{"case_type", "patient"}}, "Both 'file' and 'case_type' are required");
  expect_error({{"file", good, "a.xlsx"}}, "Both 'file' and 'case_type' are required");
  expect_error({{"file", good, "a.xlsx"}, {"case_type", "patient"}, {"search_field", "name"}},
               "Illegal value for search_field: name");
  expect_error({{"file", good, "a.xlsx"}, {"case_type", "patient"}, {"serch_column", "x"}},
               "Unexpected form field 'serch_column'");
  expect_error({{"file", good, "a.csv"}, {"case_type", "patient"}},
               "Please upload file with one of the following extensions: xls, xlsx");
  expect_error({{"file", "this is not a zip", "a.xlsx"}, {"case_type", "patient"}},
               "Error opening file");
  expect_error(
      {{"file", good, "a.xlsx"}, {"case_type", "patient"}, {"search_field", "external_id"}},
      "The search column 'external_id' is not in the spreadsheet's header row");
  expect_error(
      {{"file", make_xlsx({{"case_id", "1st"}, {"a", "b"}}), "a.xlsx"}, {"case_type", "patient"}},
      "Please update the following: 1st");
  expect_error({{"file", make_xlsx({{"case_id"}}), "a.xlsx"}, {"case_type", "patient"}},
               "Your spreadsheet is empty");
  auto not_multipart =
      send("POST", kUpload, "case_type=patient",
           with(api_key_auth(), "Content-Type", "application/x-www-form-urlencoded"));
  EXPECT_EQ(not_multipart.status, 500);
  EXPECT_TRUE(emulator_->imports().empty());
}

TEST_F(BulkUploadTest, InjectedImportFailureEndsInStateThree) {
  emulator_->fail_next_imports(1);
  const std::string status =
      upload_ok({{"file", make_xlsx({{"case_id", "x"}, {"", "b"}}), "a.xlsx"},
                 {"case_type", "patient"},
                 {"create_new_cases", "on"}});
  json done = poll_until_done(status);
  EXPECT_EQ(done["state"], 3);
  EXPECT_EQ(done["result"]["errors"][0]["title"], "Import Error");
  EXPECT_TRUE(emulator_->cases().empty());
}

TEST_F(BulkUploadTest, StatusNeedsAuthAndAKnownUpload) {
  const std::string status =
      upload_ok({{"file", make_xlsx({{"case_id"}, {"x"}}), "a.xlsx"}, {"case_type", "patient"}});
  EXPECT_EQ(get(status, {}).status, 401);
  EXPECT_EQ(get("/a/demo/importer/history/uploads/nope/status/").status, 404);
}

}  // namespace
}  // namespace intake::test
