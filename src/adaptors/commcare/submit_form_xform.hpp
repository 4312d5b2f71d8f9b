#pragma once
// Builds the XForm instance that commcare.submit_form posts: the answers under a root element
// with the form's xmlns, an optional CaseXML 2.0 block, and the OpenRosa meta block.

#include <string>

#include <nlohmann/json.hpp>

namespace intake::adaptors::commcare {

struct XFormMeta {
  std::string instance_id;
  std::string time_start;
  std::string time_end;
  std::string user_id;
  std::string username;
  std::string device_id;
};

struct XFormInput {
  std::string xmlns;
  std::string name;
  // The answers: an object; nested objects become groups, lists repeat their element, "@x" keys
  // become attributes, null an empty element, numbers and booleans their text.
  nlohmann::json fields = nlohmann::json::object();
  // null, or {case_id, create: {case_type, case_name, owner_id}, update: {…}, close: bool,
  // index: {name: {case_id, case_type, relationship}}} with case_id already filled in.
  nlohmann::json case_block;
  XFormMeta meta;
};

// The XML text. Throws std::invalid_argument for a name that is not a valid XML element name.
std::string build_xform(const XFormInput& input);

}  // namespace intake::adaptors::commcare
