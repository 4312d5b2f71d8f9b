#include "emulator/form_receiver.hpp"

#include <optional>
#include <set>

#include "emulator/case_blocks.hpp"
#include "emulator/hq_values.hpp"
#include "emulator/multipart.hpp"
#include "intake/common/ids.hpp"
#include "intake/ingest/xml_to_json.hpp"

namespace intake::emulator {
namespace {

using nlohmann::json;

const char* kCaseXmlns = "http://commcarehq.org/case/transaction/v2";
const char* kMetaXmlns = "http://openrosa.org/jr/xforms";

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// The text of a converted leaf: "x", or {"#text": "x", ...} when it has attributes.
std::string leaf_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("#text") && value["#text"].is_string()) {
    return value["#text"].get<std::string>();
  }
  return "";
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Every case block anywhere in the form (HQ finds them inside groups and repeats too). A case
// element's children inherit its namespace, so a block is a "case" object that carries the
// case namespace itself.
void find_case_blocks(const json& node, std::vector<const json*>& out) {
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    const auto visit = [&](const json& item) {
      if (key == "case" && item.is_object() && item.value("@xmlns", "") == kCaseXmlns) {
        out.push_back(&item);
      } else {
        find_case_blocks(item, out);
      }
    };
    if (value.is_array()) {
      for (const auto& item : value) visit(item);
    } else {
      visit(value);
    }
  }
}

void read_fields(const json& section, CaseChange& change, bool properties_too) {
  if (!section.is_object()) return;
  for (const auto& [name, value] : section.items()) {
    if (name.empty() || name[0] == '@' || name[0] == '#') continue;
    const std::string text = leaf_text(value);
    if (name == "case_type")
      change.case_type = text;
    else if (name == "case_name")
      change.case_name = text;
    else if (name == "owner_id")
      change.owner_id = text;
    else if (name == "external_id")
      change.external_id = text;
    else if (name == "date_opened")
      change.date_opened = text;
    else if (properties_too)
      change.properties[name] = text;
  }
}

// One case block → a change; "" or an HQ-style processing error.
std::string read_case_block(const json& block, const std::string& user_id, CaseChange& change) {
  change.case_id = trimmed(block.value("@case_id", ""));
  if (change.case_id.empty()) return "IllegalCaseId: case_id must not be empty";
  change.date_modified = block.value("@date_modified", "");
  change.user_id = block.value("@user_id", user_id);
  if (block.contains("create")) {
    change.create = true;
    read_fields(block["create"], change, false);
  }
  if (block.contains("update")) read_fields(block["update"], change, true);
  if (block.contains("close")) change.close = true;
  if (block.contains("index") && block["index"].is_object()) {
    for (const auto& [name, value] : block["index"].items()) {
      if (name.empty() || name[0] == '@' || name[0] == '#') continue;
      CaseIndex index;
      index.case_id = trimmed(leaf_text(value));
      if (value.is_object()) {
        index.case_type = value.value("@case_type", "");
        index.relationship = value.value("@relationship", "child");
      }
      change.indices[name] = index;
    }
  }
  return "";
}

struct Submission {
  std::string xml;
  std::string error;  // when the body holds no XForm
};

Submission extract_xml(const Request& request) {
  const std::string content_type(request.header("content-type").value_or(""));
  const auto boundary = multipart_boundary(content_type);
  if (!boundary) return {request.body, ""};
  const auto parts = parse_multipart(request.body, *boundary);
  if (!parts) return {"", "Malformed multipart body"};
  for (const auto& part : *parts) {
    if (part.name == "xml_submission_file") return {part.data, ""};
  }
  return {"", "No XML submission file found: expected a part named xml_submission_file"};
}

}  // namespace

Response openrosa_response(int status, const std::string& nature, const std::string& message) {
  Response response;
  response.status = status;
  response.content_type = "text/xml; charset=utf-8";
  response.body =
      "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\"><message nature=\"" + nature +
      "\">" + xml_escape(message) + "</message></OpenRosaResponse>";
  return response;
}

Response handle_form_submission(State& state, const CallContext& call, const Request& request,
                                const std::string& app_id) {
  if (request.method != "POST") return empty_response(405);
  const auto version_header = request.header("x-openrosa-version");
  if (!version_header && state.options.require_openrosa_header) {
    return openrosa_response(400, "submit_error", "X-OpenRosa-Version header is required");
  }
  // OpenRosa 3.0 and later answer processing failures with 422; 2.0 (HQ's default) with 201.
  double version = 2.0;
  if (version_header) {
    try {
      version = std::stod(std::string(*version_header));
    } catch (const std::exception&) {
      version = 2.0;
    }
  }
  auto processing_failure = [&](const std::string& message) {
    const std::string form_id = record_error_form(state, call, "", message);
    (void)form_id;
    return version >= 3.0 ? openrosa_response(422, "processing_failure", message)
                          : openrosa_response(201, "submit_error", message);
  };

  const Submission submission = extract_xml(request);
  if (!submission.error.empty()) return openrosa_response(500, "submit_error", submission.error);
  const XmlConversion converted = xml_to_message_json(submission.xml);
  if (!converted.ok) {
    return openrosa_response(500, "submit_error", "Invalid XML: " + converted.error);
  }
  if (!converted.json.contains("form")) {
    return processing_failure("The root element is a case block, not a form");
  }
  const json& tree = converted.json["form"];
  if (!tree.contains("@xmlns")) return processing_failure("The form's root element has no xmlns");

  const json meta = tree.contains("meta") ? tree["meta"] : json(nullptr);
  if (!meta.is_object() || meta.value("@xmlns", "") != kMetaXmlns) {
    return processing_failure("The form has no meta block (namespace " + std::string(kMetaXmlns) +
                              ")");
  }
  std::string instance_id = trimmed(leaf_text(meta.value("instanceID", json(""))));
  if (instance_id.rfind("uuid:", 0) == 0) instance_id = instance_id.substr(5);
  if (!is_uuid(instance_id)) {
    return processing_failure("meta/instanceID must be a UUID, received '" + instance_id + "'");
  }
  const std::string owner = state.forms.owner_of(instance_id);
  if (!owner.empty() && owner != call.domain) {
    return processing_failure("Form " + instance_id + " belongs to another project");
  }

  std::vector<const json*> blocks;
  find_case_blocks(tree, blocks);
  std::vector<CaseChange> changes;
  std::set<std::string> created;
  for (const json* block : blocks) {
    CaseChange change;
    if (auto error = read_case_block(*block, call.user_id, change); !error.empty()) {
      return processing_failure(error);
    }
    if (change.create) created.insert(change.case_id);
    changes.push_back(std::move(change));
  }
  for (const auto& change : changes) {
    for (const auto& [name, index] : change.indices) {
      if (!index.case_id.empty() && !created.count(index.case_id) &&
          !state.cases.find(call.domain, index.case_id)) {
        return processing_failure("InvalidCaseIndex: Case '" + change.case_id +
                                  "' references non-existent case '" + index.case_id + "'");
      }
    }
  }

  const StoredForm* existing = state.forms.find(call.domain, instance_id);
  const std::string now = hq_now();
  FormDocumentInput input{call.domain, instance_id,          app_id, now, "127.0.0.1",
                          tree,        submission.xml.size()};
  StoredForm form{call.domain, instance_id, submission.xml, make_form_document(input)};
  if (existing && existing->xml == submission.xml) {
    // An identical resubmission: HQ keeps it as a duplicate and changes nothing.
    form.json["doc_type"] = "XFormDuplicate";
    form.json["duplicate_of"] = instance_id;
    state.forms.add_duplicate(std::move(form));
    return openrosa_response(201, "submit_success", "   √   ");
  }
  for (auto& change : changes) state.cases.apply(call.domain, change, instance_id);
  if (existing) {
    // A reused instanceID with new content edits the form: the old version is kept as a
    // deprecated form under a new id, the new one points at it.
    const std::string deprecated_id = new_uuid_v4();
    form.json["metadata"]["deprecatedID"] = deprecated_id;
    form.json["deprecated_form_id"] = deprecated_id;
    form.json["edited_on"] = now;
    form.json["edited_by_user_id"] = call.user_id;
    state.forms.replace(std::move(form), deprecated_id);
  } else {
    state.forms.add(std::move(form));
  }
  return openrosa_response(201, "submit_success", "   √   ");
}

}  // namespace intake::emulator
