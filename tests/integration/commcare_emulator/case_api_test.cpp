// Case API v2 against the emulator: writes (create, update, upsert, bulk, indices), HQ's
// validation errors, reads and cursor pagination to the end.

#include <set>

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

const std::string kCases = "/a/demo/api/case/v2/";

json patient(const std::string& name, json properties = json::object()) {
  return {{"case_type", "patient"},
          {"case_name", name},
          {"owner_id", "owner-1"},
          {"properties", properties}};
}

// The request target of an absolute "next" URL (the emulator's own host and port).
std::string target_of(const std::string& url) {
  const auto scheme = url.find("://");
  return url.substr(url.find('/', scheme + 3));
}

class CaseApiTest : public EmulatorTest {};

TEST_F(CaseApiTest, CreateAnswersWithTheCaseAndTheGeneratedForm) {
  auto answer = send_json("POST", kCases, patient("Ada", {{"dob", "1990-01-01"}}), 200);
  ASSERT_TRUE(answer.contains("form_id"));
  const json& c = answer["case"];
  EXPECT_EQ(c["case_name"], "Ada");
  EXPECT_EQ(c["case_type"], "patient");
  EXPECT_EQ(c["owner_id"], "owner-1");
  EXPECT_EQ(c["domain"], "demo");
  EXPECT_EQ(c["closed"], false);
  EXPECT_TRUE(c["date_closed"].is_null());
  EXPECT_EQ(c["properties"], json({{"dob", "1990-01-01"}}));
  EXPECT_EQ(c["case_id"].get<std::string>().size(), 36u);

  // The case is stored, and the change came through one generated form, as in HQ.
  const json cases = emulator_->cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["xform_ids"], json::array({answer["form_id"]}));
  const json forms = emulator_->forms();
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0]["id"], answer["form_id"]);
  EXPECT_EQ(forms[0]["form"]["@xmlns"], "http://commcarehq.org/case_api");
  EXPECT_EQ(forms[0]["form"]["case"]["@case_id"], c["case_id"]);
}

TEST_F(CaseApiTest, NonStringPropertyIsRefusedWithHqsMessageAndNothingChanges) {
  auto answer = send_json("POST", kCases, patient("Ada", {{"age", 5}}), 400);
  EXPECT_EQ(
      answer,
      json({{"error", "Error with case property 'age'. Values must be strings, received '5'"}}));
  answer = send_json("POST", kCases, patient("Ada", {{"1bad", "x"}}), 400);
  EXPECT_EQ(answer["error"],
            "Error with case property '1bad'. Case property names must be valid XML identifiers.");
  EXPECT_TRUE(emulator_->cases().empty());
  EXPECT_TRUE(emulator_->forms().empty());
}

TEST_F(CaseApiTest, CreateValidatesFields) {
  json missing = patient("Ada");
  missing.erase("owner_id");
  EXPECT_EQ(send_json("POST", kCases, missing, 400)["error"], "Property owner_id is required.");
  json with_id = patient("Ada");
  with_id["case_id"] = "abc";
  EXPECT_EQ(send_json("POST", kCases, with_id, 400)["error"],
            "You cannot specify case_id when creating a new case");
  json unknown = patient("Ada");
  unknown["colour"] = "red";
  EXPECT_EQ(send_json("POST", kCases, unknown, 400)["error"], "'colour' is not a valid field.");
  auto bad_json =
      send("POST", kCases, "{not json", with(api_key_auth(), "Content-Type", "application/json"));
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_TRUE(json::parse(bad_json.body).contains("error"));
}

TEST_F(CaseApiTest, BulkOfMoreThanOneHundredIsRefusedWithoutChanges) {
  json items = json::array();
  for (int i = 0; i < 101; ++i) {
    json item = patient("p" + std::to_string(i));
    item["create"] = true;
    items.push_back(item);
  }
  EXPECT_EQ(send_json("POST", kCases, items, 400), json({{"error", "Payload too large"}}));
  EXPECT_TRUE(emulator_->cases().empty());

  items.erase(items.size() - 1);
  auto answer = send_json("POST", kCases, items, 200);
  EXPECT_EQ(answer["cases"].size(), 100u);
  EXPECT_EQ(emulator_->cases().size(), 100u);
  EXPECT_EQ(emulator_->forms().size(), 1u) << "one generated form for the whole request";
}

TEST_F(CaseApiTest, BulkRowErrorsNameTheRows) {
  json items = json::array({patient("ok"), patient("no flag"), patient("bad", {{"n", 1}})});
  items[0]["create"] = true;
  items[2]["create"] = true;
  EXPECT_EQ(send_json("POST", kCases, items, 400)["error"],
            "Error in row 2: A 'create' flag is required for each update.; Error in row 3: Error "
            "with case property 'n'. Values must be strings, received '1'");
  EXPECT_TRUE(emulator_->cases().empty());
}

TEST_F(CaseApiTest, BulkFixtureCreatesUpdatesAndUpserts) {
  // The fixture updates case eb1a8c23-…: create it first with a submitted form.
  const std::string existing = "eb1a8c23-6d6d-4b61-894c-ae1c437d8dac";
  auto created = send(
      "POST", "/a/demo/receiver/",
      xform("11111111-2222-4333-8444-555555555555",
            R"(<case xmlns="http://commcarehq.org/case/transaction/v2" case_id=")" + existing +
                R"(" user_id="u1"><create><case_type>mother</case_type><case_name>Old</case_name>
                <owner_id>o</owner_id></create></case>)"),
      with(api_key_auth(), "Content-Type", "text/xml"));
  ASSERT_EQ(created.status, 201) << created.body;

  const json request =
      json::parse(read_file(fixtures_dir() / "commcare" / "case_v2_bulk_post_request.json"));
  auto answer = send_json("POST", kCases, request, 200);
  ASSERT_EQ(answer["cases"].size(), 3u);
  EXPECT_EQ(answer["cases"][0]["case_name"], "Cersei Lannister");
  EXPECT_EQ(answer["cases"][1]["case_id"], existing);
  EXPECT_EQ(answer["cases"][1]["properties"]["dob"], "1988-11-02");
  EXPECT_EQ(answer["cases"][1]["case_name"], "Old");
  EXPECT_EQ(answer["cases"][2]["external_id"], "id1");
  const std::string upserted = answer["cases"][2]["case_id"];
  EXPECT_EQ(emulator_->cases().size(), 3u);

  // The same upsert again finds the case by external_id instead of creating another.
  json again = json::array({request[2]});
  again[0]["properties"]["dob"] = "2008-03-02";
  answer = send_json("POST", kCases, again, 200);
  EXPECT_EQ(answer["cases"][0]["case_id"], upserted);
  EXPECT_EQ(answer["cases"][0]["properties"]["dob"], "2008-03-02");
  EXPECT_EQ(emulator_->cases().size(), 3u);
}

TEST_F(CaseApiTest, TemporaryIdIndexesANewCaseInTheSameRequest) {
  json mother = patient("Mother");
  mother["create"] = true;
  mother["temporary_id"] = "m";
  json child = patient("Child");
  child["create"] = true;
  child["indices"] = {
      {"parent", {{"temporary_id", "m"}, {"case_type", "patient"}, {"relationship", "child"}}}};
  auto answer = send_json("POST", kCases, json::array({mother, child}), 200);
  EXPECT_EQ(answer["cases"][1]["indices"]["parent"],
            json({{"case_id", answer["cases"][0]["case_id"]},
                  {"case_type", "patient"},
                  {"relationship", "child"}}));
  // The list's index filter finds the child.
  auto children =
      get_json(kCases + "?indices.parent=" + answer["cases"][0]["case_id"].get<std::string>());
  ASSERT_EQ(children["cases"].size(), 1u);
  EXPECT_EQ(children["cases"][0]["case_name"], "Child");
}

TEST_F(CaseApiTest, IndexToAMissingCaseFailsAsAnErrorFormWithItsId) {
  json item = patient("Orphan");
  item["indices"] = {
      {"parent",
       {{"case_id", "no-such-case"}, {"case_type", "patient"}, {"relationship", "child"}}}};
  auto answer = send_json("POST", kCases, item, 400);
  EXPECT_NE(answer["error"].get<std::string>().find("no-such-case"), std::string::npos);
  EXPECT_EQ(answer["form_id"].get<std::string>().size(), 36u);
  EXPECT_TRUE(emulator_->cases().empty());
}

TEST_F(CaseApiTest, PutUpdatesClosesAndUpsertsByExternalId) {
  const std::string id = send_json("POST", kCases, patient("Ada"), 200)["case"]["case_id"];
  auto updated =
      send_json("PUT", kCases + id, {{"properties", {{"status", "done"}}}, {"close", true}}, 200);
  EXPECT_EQ(updated["case"]["properties"]["status"], "done");
  EXPECT_EQ(updated["case"]["closed"], true);
  EXPECT_TRUE(updated["case"]["date_closed"].is_string());

  EXPECT_EQ(send_json("PUT", kCases + "missing-id", {{"case_name", "x"}}, 400)["error"],
            "No case found with ID 'missing-id'");
  EXPECT_EQ(send_json("PUT", kCases, {{"external_id", "nope"}, {"case_name", "x"}}, 400)["error"],
            "Could not find a case with external_id 'nope'");

  auto upsert = send_json("PUT", kCases + "ext/EXT-9/", patient("Bob"), 200);
  const std::string bob = upsert["case"]["case_id"];
  EXPECT_EQ(upsert["case"]["external_id"], "EXT-9");
  upsert = send_json("PUT", kCases + "ext/EXT-9/", {{"case_name", "Robert"}}, 200);
  EXPECT_EQ(upsert["case"]["case_id"], bob);
  EXPECT_EQ(upsert["case"]["case_name"], "Robert");
  EXPECT_EQ(get_json(kCases + "ext/EXT-9/")["case_name"], "Robert");
}

TEST_F(CaseApiTest, ReadsOneManyAndBulkFetch) {
  const std::string a = send_json("POST", kCases, patient("A"), 200)["case"]["case_id"];
  const std::string b = send_json("POST", kCases, patient("B"), 200)["case"]["case_id"];
  EXPECT_EQ(get_json(kCases + a)["case_name"], "A");
  EXPECT_EQ(get_json(kCases + a + "?fields=case_name"), json({{"case_name", "A"}}));
  EXPECT_EQ(get(kCases + "unknown").status, 404);

  auto many = get_json(kCases + a + "," + b + ",nope");
  EXPECT_EQ(many["matching_records"], 2);
  EXPECT_EQ(many["missing_records"], 1);
  EXPECT_EQ(many["cases"][2], json({{"case_id", "nope"}, {"error", "not found"}}));

  auto fetched =
      send_json("POST", kCases + "bulk-fetch/", {{"case_ids", {b}}, {"external_ids", {"x1"}}}, 200);
  EXPECT_EQ(fetched["cases"][0]["case_name"], "B");
  EXPECT_EQ(fetched["cases"][1], json({{"external_id", "x1"}, {"error", "not found"}}));
}

TEST_F(CaseApiTest, CursorPaginationReachesTheEndInIndexedOrder) {
  json items = json::array();
  for (int i = 0; i < 45; ++i) {
    json item = patient("p" + std::to_string(i), {{"batch", i % 2 ? "odd" : "even"}});
    item["create"] = true;
    items.push_back(item);
  }
  send_json("POST", kCases, items, 200);
  send_json("POST", kCases, {{"case_type", "household"}, {"case_name", "h"}, {"owner_id", "o"}},
            200);

  std::vector<std::string> seen;
  std::string last_indexed;
  std::string target = kCases + "?case_type=patient&limit=10";
  int pages = 0;
  while (true) {
    auto page = get_json(target);
    ++pages;
    for (const auto& c : page["cases"]) {
      EXPECT_EQ(c["case_type"], "patient");
      EXPECT_GE(c["indexed_on"].get<std::string>(), last_indexed);
      last_indexed = c["indexed_on"];
      seen.push_back(c["case_id"]);
    }
    if (!page.contains("next")) break;
    const std::string next = page["next"];
    EXPECT_EQ(next.rfind(emulator_->base_url(), 0), 0u) << "next is absolute: " << next;
    target = target_of(next);
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen.size(), 45u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 45u);
}

TEST_F(CaseApiTest, ListFiltersAndParameterErrors) {
  send_json("POST", kCases, patient("A", {{"state", "bihar"}}), 200);
  const json b = send_json("POST", kCases, patient("B", {{"state", "goa"}}), 200)["case"];
  EXPECT_EQ(get_json(kCases + "?properties.state=goa")["matching_records"], 1);
  EXPECT_EQ(get_json(kCases + "?properties.state=goa&properties.state=bihar")["matching_records"],
            2);
  EXPECT_EQ(
      get_json(kCases + "?indexed_on.gte=" + b["indexed_on"].get<std::string>())["cases"].size(),
      1u);
  EXPECT_EQ(get_json(kCases + "?closed=true")["matching_records"], 0);
  EXPECT_EQ(get_json(kCases + "?colour=red", 400),
            json({{"error", "'colour' is not a valid parameter."}}));
  EXPECT_EQ(get(kCases + "?limit=5001").status, 400);
}

class XformIdKeyTest : public EmulatorTest {
 protected:
  static emulator::Options options() {
    auto o = default_options();
    o.case_api_form_key = "xform_id";
    return o;
  }
  XformIdKeyTest() : EmulatorTest(options()) {}
};

TEST_F(XformIdKeyTest, WriteAnswersCanNameTheFormXformIdAsHqsDocsDo) {
  auto answer = send_json("POST", kCases, patient("Ada"), 200);
  EXPECT_TRUE(answer.contains("xform_id"));
  EXPECT_FALSE(answer.contains("form_id"));
}

}  // namespace
}  // namespace intake::test
