// Templates over the real MiracleFeet "Log Visit Details" form (~20 KB): a Case API v2 update
// built from the form, bulk rows per repeat-group entry, and the type rules on real values.
#include <gtest/gtest.h>

#include "mapping_test_support.hpp"
#include "support/fixtures.hpp"

namespace intake::mapping {
namespace {

using nlohmann::json;
using test::state_with;

class MappingMiracleFeetForm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string text =
        intake::test::read_file(intake::test::fixtures_dir() / "openfn" /
                                "commcare-form-log-visit-details.miraclefeet.json");
    state_ = new json(state_with(json::parse(text)));
  }
  static void TearDownTestSuite() { delete state_; }
  static const json& state() { return *state_; }

 private:
  static inline json* state_ = nullptr;
};

TEST_F(MappingMiracleFeetForm, CaseApiV2UpdateBuiltFromTheForm) {
  const json source = json::parse(R"J({
    "case_id": "{{ /data/form/case/@case_id }}",
    "properties": {
      "last_visit_date": "{{ /data/form/intro/visit_date }}",
      "last_visit_type": "{{ /data/form/intro/visit_type }}",
      "next_visit_date": "{{ /data/form/case/update/next_visit_date }}",
      "bracing_stage": "{{ /data/form/brace/bracing_stage }}",
      "last_visit_by": "{{ /data/form/meta/username }}",
      "last_visit_notes": "{{ /data/form/summary/visit_notes | default: \"\" }}",
      "source": "form {{ /data/id }} (app {{ /data/__query_params/app_id }})"
    }})J");
  // visit_notes is null in the form: null is a value, so the default is not used.
  const json expected = json::parse(R"J({
    "case_id": "f2952ebc-ad37-436b-8d0d-6c2aec0987bf",
    "properties": {
      "last_visit_date": "2020-12-17",
      "last_visit_type": "remote",
      "next_visit_date": "2020-12-24",
      "bracing_stage": "bracing_all_day",
      "last_visit_by": "sample.user",
      "last_visit_notes": null,
      "source": "form 77cc70da-229b-41c8-84d1-d41f7e818322 (app cedf746aedd34c8fa559da17df52e20d)"
    }})J");
  EXPECT_EQ(Template::compile(source, "/body").render(state()), expected);
}

TEST_F(MappingMiracleFeetForm, RealValuesKeepTheirTypes) {
  const json& form = state()["data"]["form"];
  EXPECT_EQ(Template::compile("{{ /data/form/meta }}").render(state()), form["meta"]);
  EXPECT_EQ(Template::compile("{{ /data/form/meta/app_build_version }}").render(state()),
            json(886));
  EXPECT_EQ(Template::compile("{{ /data/archived }}").render(state()), json(false));
  EXPECT_EQ(Template::compile("{{ /data/form/meta/geo_point }}").render(state()), json(nullptr));
  EXPECT_EQ(Template::compile("{{ /data/attachments/form.xml/length }}").render(state()),
            json(18085));
  EXPECT_EQ(Template::compile("Visit by {{ /data/form/meta/username }} on {{ /data/received_on }}, "
                              "build {{ /data/form/meta/app_build_version }}")
                .render(state()),
            json("Visit by sample.user on 2020-12-17T12:57:51.774742Z, build 886"));
}

TEST_F(MappingMiracleFeetForm, BulkRowPerSubcaseFromASingleEntryRepeat) {
  // subcase_0 is one object here: CommCare's shape for a repeat group with a single entry.
  const EachTemplate rows = EachTemplate::compile("/data/form/subcase_0", json::parse(R"({
    "create": true,
    "case_type": "{{ /item/case/create/case_type }}",
    "case_name": "{{ /item/case/create/case_name }}",
    "owner_id": "{{ /item/case/create/owner_id }}",
    "external_id": "{{ /data/id }}-{{ /index }}",
    "indices": {"parent": {"case_id": "{{ /item/case/index/parent/#text }}",
                           "case_type": "{{ /item/case/index/parent/@case_type }}",
                           "relationship": "child"}},
    "properties": {"next_visit_date": "{{ /item/case/update/next_visit_date }}",
                   "visit_by": "{{ /data/form/meta/userID }}"}})"));
  const auto items = rows.render(state());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], json::parse(R"({
    "create": true,
    "case_type": "appointment",
    "case_name": "Sample Case Name",
    "owner_id": "866476001e17498bae203dcf7bab4e0d",
    "external_id": "77cc70da-229b-41c8-84d1-d41f7e818322-0",
    "indices": {"parent": {"case_id": "f2952ebc-ad37-436b-8d0d-6c2aec0987bf",
                           "case_type": "patient", "relationship": "child"}},
    "properties": {"next_visit_date": "2020-12-24",
                   "visit_by": "41e0e8f1a137469b9b5c15725f9a8117"}})"));
}

TEST_F(MappingMiracleFeetForm, AbsentRepeatGroupNeedsTheEmptyDefault) {
  const json item = json::parse(R"({"name": "{{ /item/name }}"})");
  EXPECT_TRUE(
      EachTemplate::compile("/data/form/child | default: []", item).render(state()).empty());
  EXPECT_THROW(EachTemplate::compile("/data/form/child", item).render(state()), MappingError);
}

TEST_F(MappingMiracleFeetForm, MissingQuestionFailsWithPathAndPlace) {
  const Template body = Template::compile(json::parse(R"({"age": "{{ /data/form/intro/age }}"})"));
  try {
    body.render(state());
    FAIL() << "rendered";
  } catch (const MappingError& e) {
    EXPECT_EQ(e.where(), "/age");
    EXPECT_EQ(e.path(), "/data/form/intro/age");
    EXPECT_NE(std::string(e.what()).find("/data/form/intro has no \"age\""), std::string::npos);
  }
}

}  // namespace
}  // namespace intake::mapping
