// The Form Data API lists over the seeded fixtures and submitted forms: the envelope, offset
// pagination to the end by following meta.next, filters and ordering.

#include <set>

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

std::string instance_id(int i) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
  return id;
}

class FormListTest : public EmulatorTest {
 protected:
  static emulator::Options seeded() {
    auto options = default_options();
    options.seed_fixtures = fixtures_dir();
    return options;
  }
  FormListTest() : EmulatorTest(seeded()) {}

  void submit_forms(int count) {
    for (int i = 0; i < count; ++i) {
      auto result =
          send("POST", "/a/demo/receiver/app-" + std::to_string(i % 2) + "/",
               xform(instance_id(i), ""), with(api_key_auth(), "Content-Type", "text/xml"));
      ASSERT_EQ(result.status, 201) << result.body;
    }
  }
};

TEST_F(FormListTest, SeededFixturesAreListedInHqsShape) {
  for (const std::string path : {"/a/demo/api/form/v1/", "/a/demo/api/v0.5/form/"}) {
    json list = get_json(path);
    EXPECT_EQ(list["meta"]["limit"], 20);
    EXPECT_EQ(list["meta"]["offset"], 0);
    EXPECT_EQ(list["meta"]["total_count"], 2) << "the form API fixture and the OpenFn form";
    EXPECT_TRUE(list["meta"]["next"].is_null());
    EXPECT_TRUE(list["meta"]["previous"].is_null());
    std::set<std::string> ids;
    for (const auto& form : list["objects"]) ids.insert(form["id"].get<std::string>());
    EXPECT_TRUE(ids.count("f959449c-8776-42ac-b776-3f564fafc331"));
  }
  json one = get_json("/a/demo/api/form/v1/f959449c-8776-42ac-b776-3f564fafc331/");
  EXPECT_EQ(one["domain"], "demo");
  EXPECT_EQ(one["form"]["case"]["update"]["text"], "TEST");
  // The seeded cases are there too.
  EXPECT_EQ(get_json("/a/demo/api/case/v2/b0916685-7247-4c44-b712-633d3d64e0c0")["case_name"],
            "Trees");
}

TEST_F(FormListTest, OffsetPaginationFollowsMetaNextToTheEnd) {
  submit_forms(25);
  std::set<std::string> seen;
  std::string target = "/a/demo/api/form/v1/?limit=10&app_id=app-1";
  int pages = 0;
  std::string previous_received = "9999";
  while (true) {
    json page = get_json(target);
    ++pages;
    EXPECT_EQ(page["meta"]["total_count"], 12);
    for (const auto& form : page["objects"]) {
      EXPECT_EQ(form["app_id"], "app-1");
      EXPECT_LE(form["received_on"].get<std::string>(), previous_received) << "-received_on";
      previous_received = form["received_on"];
      seen.insert(form["id"].get<std::string>());
    }
    if (page["meta"]["next"].is_null()) break;
    target = page["meta"]["next"];
    EXPECT_EQ(target.rfind("/a/demo/api/form/v1/?", 0), 0u) << "next is relative";
    ASSERT_LT(pages, 5);
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen.size(), 12u);
}

TEST_F(FormListTest, FiltersAndOrdering) {
  submit_forms(3);
  json by_xmlns = get_json("/a/demo/api/form/v1/?xmlns=http://openrosa.org/formdesigner/TEST-FORM");
  EXPECT_EQ(by_xmlns["meta"]["total_count"], 3);
  json ascending = get_json("/a/demo/api/form/v1/?order_by=received_on&limit=1");
  EXPECT_EQ(ascending["objects"][0]["received_on"], "2016-11-29T14:50:42.530616Z");
  json since = get_json("/a/demo/api/form/v1/?received_on_start=2021-01-01");
  EXPECT_EQ(since["meta"]["total_count"], 3);
  json by_case = get_json("/a/demo/api/form/v1/?case_id=b6996b7b-6b3f-476a-9006");
  EXPECT_EQ(by_case["meta"]["total_count"], 1);
  json capped = get_json("/a/demo/api/form/v1/?limit=5000");
  EXPECT_EQ(capped["meta"]["limit"], 1000);
  EXPECT_EQ(get("/a/demo/api/form/v1/?limit=abc").status, 400);
  EXPECT_EQ(get("/a/demo/api/form/v1/no-such-form/").status, 404);
}

}  // namespace
}  // namespace intake::test
