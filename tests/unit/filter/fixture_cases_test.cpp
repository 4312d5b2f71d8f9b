// Every case of shared/fixtures/openfn/message-filter-cases.json gives its expected result.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "intake/filter/containment.hpp"
#include "intake/filter/trigger_index.hpp"
#include "support/fixtures.hpp"

namespace intake::filter {
namespace {

using nlohmann::json;

struct FilterCase {
  std::string id;
  json inclusion;
  std::vector<json> exclusions;
  json body;
  bool expected = false;
};

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// exclusion may be null (none), one fragment, or a list of fragments.
std::vector<json> exclusions_of(const json& exclusion) {
  if (exclusion.is_null()) return {};
  if (exclusion.is_array()) return exclusion.get<std::vector<json>>();
  return {exclusion};
}

std::vector<FilterCase> load_cases() {
  const auto shared = test::fixtures_dir().parent_path();
  const json file =
      json::parse(file_text(test::fixtures_dir() / "openfn/message-filter-cases.json"));
  std::vector<FilterCase> cases;
  for (const auto& item : file.at("cases")) {
    FilterCase c;
    c.id = item.at("id").get<std::string>();
    c.inclusion = item.at("inclusion");
    c.exclusions = exclusions_of(item.value("exclusion", json()));
    for (const char* key : {"message_file", "message_body_file"}) {
      if (item.contains(key))
        c.body = json::parse(file_text(shared / item[key].get<std::string>()));
    }
    if (item.contains("message_body")) c.body = item["message_body"];
    c.expected = item.at("expected_match").get<bool>();
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string test_name(const testing::TestParamInfo<FilterCase>& info) {
  std::string name = info.param.id;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class FixtureCase : public testing::TestWithParam<FilterCase> {};

TEST_P(FixtureCase, GivesExpectedResult) {
  const FilterCase& c = GetParam();
  ASSERT_FALSE(c.body.is_null()) << "case without a body: " << c.id;

  // Plain v1 rule: body @> inclusion AND NOT any body @> exclusion.
  bool plain = jsonb_contains(c.body, c.inclusion);
  for (const auto& exclusion : c.exclusions) plain = plain && !jsonb_contains(c.body, exclusion);
  EXPECT_EQ(plain, c.expected);

  // The same through compiled fragments and the index.
  Trigger trigger{c.id, std::nullopt, CompiledFragment::compile(c.inclusion), {}, true};
  for (const auto& exclusion : c.exclusions) {
    trigger.exclusions.push_back(CompiledFragment::compile(exclusion));
  }
  const TriggerIndex index({trigger});
  EXPECT_EQ(!index.match("commcare", c.body).empty(), c.expected);
  const auto verdicts = index.explain_all("commcare", c.body);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].matched(), c.expected) << verdicts[0].to_string();
}

INSTANTIATE_TEST_SUITE_P(MessageFilterCases, FixtureCase, testing::ValuesIn(load_cases()),
                         test_name);

TEST(MessageFilterCasesFile, HasCases) { EXPECT_GE(load_cases().size(), 10u); }

}  // namespace
}  // namespace intake::filter
