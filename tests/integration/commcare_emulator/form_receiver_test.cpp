// The Form Submission API: OpenRosa answers, case blocks, instanceID rules, replacement of a
// form by a reused instanceID, duplicates and processing failures (422 / 201 submit_error).

#include "emulator_helpers.hpp"

namespace intake::test {
namespace {

using nlohmann::json;

const std::string kReceiver = "/a/demo/receiver/";
const std::string kId = "3f1a9c1e-58a4-4c57-9d3b-2a6a8e0f7b11";

std::string create_block(const std::string& case_id, const std::string& name,
                         const std::string& extra = "") {
  return R"(<n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id=")" + case_id +
         R"(" date_modified="2024-05-01T10:05:00.000+02" user_id="u1"><n0:create>
           <n0:case_type>patient</n0:case_type><n0:case_name>)" +
         name + R"(</n0:case_name><n0:owner_id>o1</n0:owner_id></n0:create>)" + extra +
         "</n0:case>";
}

class FormReceiverTest : public EmulatorTest {
 protected:
  HttpResult submit(const std::string& xml, const std::string& openrosa = "3.0",
                    const std::string& target = kReceiver) {
    Headers headers = with(api_key_auth(), "Content-Type", "text/xml");
    if (!openrosa.empty()) headers["X-OpenRosa-Version"] = openrosa;
    return send("POST", target, xml, headers);
  }
};

TEST_F(FormReceiverTest, FixtureFormIsStoredAndItsCaseCreated) {
  auto result = submit(read_file(fixtures_dir() / "commcare" / "forwarded_form.xml"), "3.0",
                       "/a/demo/receiver/app-42/");
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.body,
            "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message "
            "nature=\"submit_success\">   √   </message></OpenRosaResponse>");
  const json forms = emulator_->forms();
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0]["id"], "afcb3026-c4b3-463f-85ec-0cb9a2737fc5");
  EXPECT_EQ(forms[0]["app_id"], "app-42");
  EXPECT_EQ(forms[0]["form"]["question1"], "Trees");
  EXPECT_EQ(forms[0]["metadata"]["username"], "danny");
  const json cases = emulator_->cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]["case_id"], "b0916685-7247-4c44-b712-633d3d64e0c0");
  EXPECT_EQ(cases[0]["case_name"], "Trees");
  EXPECT_EQ(cases[0]["case_type"], "mscase");
  EXPECT_EQ(cases[0]["last_modified"], "2015-04-17T20:04:54.950000Z");
}

TEST_F(FormReceiverTest, CaseBlocksUpdateCloseAndIndex) {
  ASSERT_EQ(submit(xform(kId, create_block("c-parent", "Parent"))).status, 201);
  const std::string update = R"(<case xmlns="http://commcarehq.org/case/transaction/v2"
      case_id="c-child" user_id="u1"><create><case_type>visit</case_type><case_name>V</case_name>
      <owner_id>o1</owner_id></create><update><score>7</score></update>
      <index><parent case_type="patient">c-parent</parent></index></case>
      <case xmlns="http://commcarehq.org/case/transaction/v2" case_id="c-parent" user_id="u1">
      <update><status>seen</status></update><close/></case>)";
  ASSERT_EQ(submit(xform("4f1a9c1e-58a4-4c57-9d3b-2a6a8e0f7b11", update)).status, 201);
  const json child = get_json("/a/demo/api/case/v2/c-child");
  EXPECT_EQ(child["properties"]["score"], "7");
  EXPECT_EQ(child["indices"]["parent"],
            json({{"case_id", "c-parent"}, {"case_type", "patient"}, {"relationship", "child"}}));
  const json parent = get_json("/a/demo/api/case/v2/c-parent");
  EXPECT_EQ(parent["closed"], true);
  EXPECT_EQ(parent["properties"]["status"], "seen");
}

TEST_F(FormReceiverTest, InstanceIdMayCarryTheUuidPrefix) {
  EXPECT_EQ(submit(xform("uuid:" + kId, "")).status, 201);
  EXPECT_EQ(emulator_->forms()[0]["id"], kId);
}

TEST_F(FormReceiverTest, BadInstanceIdIsAProcessingFailure) {
  auto result = submit(xform("not-a-uuid", ""));
  EXPECT_EQ(result.status, 422);
  EXPECT_NE(result.body.find("nature=\"processing_failure\""), std::string::npos);
  EXPECT_NE(result.body.find("not-a-uuid"), std::string::npos);
  // OpenRosa 2.0 (no header, HQ's default) says the same as 201 submit_error.
  result = submit(xform("not-a-uuid", ""), "");
  EXPECT_EQ(result.status, 201);
  EXPECT_NE(result.body.find("nature=\"submit_error\""), std::string::npos);
  EXPECT_TRUE(emulator_->forms().empty());
}

TEST_F(FormReceiverTest, IndexToAMissingCaseIs422AndChangesNothing) {
  const std::string block = R"(<case xmlns="http://commcarehq.org/case/transaction/v2"
      case_id="c1" user_id="u1"><index><parent case_type="patient">ghost</parent></index></case>)";
  auto result = submit(xform(kId, block));
  EXPECT_EQ(result.status, 422);
  EXPECT_NE(result.body.find("references non-existent case 'ghost'"), std::string::npos);
  EXPECT_TRUE(emulator_->cases().empty());
  EXPECT_TRUE(emulator_->forms().empty());
}

TEST_F(FormReceiverTest, MalformedXmlIs500) {
  auto result = submit("<data><unclosed></data>");
  EXPECT_EQ(result.status, 500);
  EXPECT_NE(result.body.find("Invalid XML"), std::string::npos);
  // Entities are never expanded: a DOCTYPE declaring them is refused.
  result = submit(R"(<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]><data>&x;</data>)");
  EXPECT_EQ(result.status, 500);
}

TEST_F(FormReceiverTest, ReusedInstanceIdReplacesTheFormAndKeepsTheOldOne) {
  ASSERT_EQ(submit(xform(kId, create_block("c1", "First"), "one")).status, 201);
  ASSERT_EQ(submit(xform(kId, create_block("c1", "Second"), "two")).status, 201);
  const json forms = emulator_->forms();
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0]["id"], kId);
  EXPECT_EQ(forms[0]["form"]["question1"], "two");
  EXPECT_TRUE(forms[0]["edited_on"].is_string());
  const json replaced = emulator_->replaced_forms();
  ASSERT_EQ(replaced.size(), 1u);
  EXPECT_EQ(replaced[0]["form"]["question1"], "one");
  EXPECT_EQ(replaced[0]["orig_id"], kId);
  EXPECT_EQ(replaced[0]["doc_type"], "XFormDeprecated");
  EXPECT_EQ(forms[0]["metadata"]["deprecatedID"], replaced[0]["id"]);
  EXPECT_EQ(get_json("/a/demo/api/case/v2/c1")["case_name"], "Second");
}

TEST_F(FormReceiverTest, IdenticalResubmissionIsADuplicateAndChangesNothing) {
  const std::string xml = xform(kId, create_block("c1", "First"));
  ASSERT_EQ(submit(xml).status, 201);
  const json before = emulator_->cases();
  auto again = submit(xml);
  EXPECT_EQ(again.status, 201);
  EXPECT_NE(again.body.find("submit_success"), std::string::npos);
  EXPECT_EQ(emulator_->forms().size(), 1u);
  EXPECT_EQ(emulator_->duplicate_forms().size(), 1u);
  EXPECT_TRUE(emulator_->replaced_forms().empty());
  EXPECT_EQ(emulator_->cases(), before);
}

TEST_F(FormReceiverTest, MultipartSubmissionUsesXmlSubmissionFile) {
  auto [body, type] = multipart({{"xml_submission_file", xform(kId, ""), "form.xml"}});
  auto result = send("POST", kReceiver, body,
                     with(with(api_key_auth(), "Content-Type", type), "X-OpenRosa-Version", "3.0"));
  EXPECT_EQ(result.status, 201) << result.body;
  auto [wrong, wrong_type] = multipart({{"xml_file", xform(kId, ""), "form.xml"}});
  result = send("POST", kReceiver, wrong, with(api_key_auth(), "Content-Type", wrong_type));
  EXPECT_EQ(result.status, 500);
  EXPECT_NE(result.body.find("xml_submission_file"), std::string::npos);
}

class StrictOpenRosaTest : public EmulatorTest {
 protected:
  static emulator::Options options() {
    auto o = default_options();
    o.require_openrosa_header = true;
    return o;
  }
  StrictOpenRosaTest() : EmulatorTest(options()) {}
};

TEST_F(StrictOpenRosaTest, MissingOpenRosaVersionIsRefusedWhenRequired) {
  auto result =
      send("POST", kReceiver, xform(kId, ""), with(api_key_auth(), "Content-Type", "text/xml"));
  EXPECT_EQ(result.status, 400);
  EXPECT_NE(result.body.find("X-OpenRosa-Version"), std::string::npos);
  EXPECT_TRUE(emulator_->forms().empty());
}

}  // namespace
}  // namespace intake::test
