#include "emulator/case_blocks.hpp"

#include "emulator/hq_values.hpp"
#include "intake/common/ids.hpp"

namespace intake::emulator {
namespace {

const char* kCaseXmlns = "http://commcarehq.org/case/transaction/v2";

nlohmann::json generated_form_tree(const CallContext& call, const std::string& form_id,
                                   const std::string& xmlns, const std::string& device_id,
                                   const std::string& now) {
  return {{"#type", "data"},
          {"@xmlns", xmlns},
          {"meta",
           {{"@xmlns", "http://openrosa.org/jr/xforms"},
            {"deviceID", device_id},
            {"instanceID", form_id},
            {"timeStart", now},
            {"timeEnd", now},
            {"userID", call.user_id},
            {"username", call.username}}}};
}

}  // namespace

nlohmann::json case_block_json(const CaseChange& change) {
  nlohmann::json block = {{"@case_id", change.case_id},
                          {"@date_modified", change.date_modified},
                          {"@user_id", change.user_id},
                          {"@xmlns", kCaseXmlns}};
  nlohmann::json fields = nlohmann::json::object();
  if (change.case_type) fields["case_type"] = *change.case_type;
  if (change.case_name) fields["case_name"] = *change.case_name;
  if (change.owner_id) fields["owner_id"] = *change.owner_id;
  if (change.create) {
    block["create"] = fields;
    fields = nlohmann::json::object();
  }
  if (change.external_id) fields["external_id"] = *change.external_id;
  for (const auto& [name, value] : change.properties) fields[name] = value;
  if (!fields.empty()) block["update"] = fields;
  if (!change.indices.empty()) {
    nlohmann::json index = nlohmann::json::object();
    for (const auto& [name, target] : change.indices) {
      index[name] = {{"#text", target.case_id},
                     {"@case_type", target.case_type},
                     {"@relationship", target.relationship}};
    }
    block["index"] = index;
  }
  if (change.close) block["close"] = "";
  return block;
}

std::string submit_generated_form(State& state, const CallContext& call,
                                  const std::vector<CaseChange>& changes, const std::string& xmlns,
                                  const std::string& device_id) {
  const std::string form_id = new_uuid_v4();
  const std::string now = hq_now();
  nlohmann::json tree = generated_form_tree(call, form_id, xmlns, device_id, now);
  nlohmann::json blocks = nlohmann::json::array();
  for (CaseChange change : changes) {
    if (change.date_modified.empty()) change.date_modified = now;
    blocks.push_back(case_block_json(change));
    state.cases.apply(call.domain, change, form_id);
  }
  tree["case"] = blocks.size() == 1 ? blocks[0] : blocks;
  FormDocumentInput input{call.domain, form_id, "", now, "127.0.0.1", tree, 0};
  state.forms.add({call.domain, form_id, "", make_form_document(input)});
  return form_id;
}

std::string record_error_form(State& state, const CallContext& call, const std::string& xmlns,
                              const std::string& problem) {
  const std::string form_id = new_uuid_v4();
  const std::string now = hq_now();
  FormDocumentInput input{call.domain,
                          form_id,
                          "",
                          now,
                          "127.0.0.1",
                          generated_form_tree(call, form_id, xmlns, "", now),
                          0};
  nlohmann::json document = make_form_document(input);
  document["problem"] = problem;
  document["doc_type"] = "XFormError";
  state.forms.add_error({call.domain, form_id, "", document});
  return form_id;
}

}  // namespace intake::emulator
