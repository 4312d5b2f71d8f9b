#pragma once
// XML → JSON the way CommCare HQ converts a form (dimagi/xml2json plus HQ's post-processing),
// so that one filter matches a form whether it was forwarded as JSON or as XML.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace intake {

struct XmlConversion {
  bool ok = false;
  nlohmann::json json;  // on success: {"form": {...}} for an XForm, {"case": {...}} for CaseXML
  std::string error;    // on failure: what is wrong
  std::size_t offset = 0;  // byte offset of the error
  std::size_t line = 0;    // 1-based line of the error
  std::size_t column = 0;  // 1-based column of the error
};

struct XmlOptions {
  bool normalize_datetimes = true;  // HQ's step: date-times rewritten in UTC, 6-digit fraction
};

// The root element's JSON (no envelope): {"#type": root, "@xmlns": ..., ...}.
XmlConversion xml_element_tree_to_json(std::string_view xml, const XmlOptions& options = {});

// The message view: a CaseXML <case> root (namespace http://commcarehq.org/case/transaction/v2)
// becomes {"case": {...}}; any other root becomes {"form": {...}}.
XmlConversion xml_to_message_json(std::string_view xml, const XmlOptions& options = {});

}  // namespace intake
