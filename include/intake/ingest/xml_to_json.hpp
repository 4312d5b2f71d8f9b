#pragma once
// XML → JSON the way CommCare HQ converts a form (dimagi/xml2json plus HQ's post-processing),
// so that one filter matches a form whether it was forwarded as JSON or as XML.
//
// Rules: docs/commcare.md "XML → JSON as HQ does it". Choices where HQ gives no answer or where
// intake is deliberately stricter:
//  - Input must be UTF-8 (an XML declaration naming another encoding is refused).
//  - A DOCTYPE that declares entities is refused; other entity references than the five predefined
//    ones are refused; nothing is ever fetched or expanded.
//  - Processing instructions and comments inside elements are dropped and the text around them
//    joined (HQ's converter would fail on an inner processing instruction).
//  - Elements nested deeper than 256 levels are refused (libxml2's default limit, which HQ has).
//  - A CaseXML root keeps "#type": "case" inside {"case": {...}}, like a form keeps its "#type".

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace intake {

struct XmlConversion {
  bool ok = false;
  nlohmann::json json;     // on success: {"form": {...}} for an XForm, {"case": {...}} for CaseXML
  std::string error;       // on failure: what is wrong, ending with "(line L, column C)"
  std::size_t offset = 0;  // byte offset of the error
  std::size_t line = 0;    // 1-based line of the error
  std::size_t column = 0;  // 1-based column of the error, counted in characters (code points)
};

struct XmlOptions {
  bool normalize_datetimes = true;  // HQ's step: date-times rewritten in UTC, 6-digit fraction
};

// The root element's JSON (no envelope): {"#type": root, "@xmlns": ..., ...}.
XmlConversion xml_element_tree_to_json(std::string_view xml, const XmlOptions& options = {});

// The message view: a CaseXML <case> root (namespace http://commcarehq.org/case/transaction/v2)
// becomes {"case": {...}}; any other root becomes {"form": {...}}.
XmlConversion xml_to_message_json(std::string_view xml, const XmlOptions& options = {});

// HQ's date-time step for one string: a date with a time (e.g. "2013-03-09T06:30:09.007+03")
// becomes UTC "2013-03-09T03:30:09.007000Z". A date-time without an offset is taken as UTC, as
// HQ's iso8601 parser does. Anything else (dates alone, times alone, text) gives nullopt.
std::optional<std::string> normalize_hq_datetime(std::string_view text);

}  // namespace intake
