// Entry points: check the bytes, parse with pugixml, check what pugixml does not (document
// structure, DOCTYPE entities, references), then convert the root element.

#include "intake/ingest/xml_to_json.hpp"

#include <algorithm>
#include <cctype>

#include <pugixml.hpp>

#include "ingest/xml_to_json_input_checks.hpp"
#include "ingest/xml_to_json_tree.hpp"

namespace intake {
namespace {

constexpr std::string_view kCaseNamespace = "http://commcarehq.org/case/transaction/v2";

// Comments and processing instructions are not kept (rule 9). Fragment mode keeps text outside
// the root so that it can be refused; the DOCTYPE is kept so that entity declarations can be
// refused. pugixml never expands DTD entities or loads anything external.
constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_fragment | pugi::parse_declaration | pugi::parse_doctype;

// A leaf's whitespace is its value (rule 5). Keeping every whitespace-only text node doubles the
// parse time, and only matters when a comment, CDATA section or processing instruction splits an
// element's text; otherwise keeping an element's only text node is the same.
unsigned parse_options_for(std::string_view xml) {
  return kParseOptions |
         (xml_input::may_split_text(xml) ? pugi::parse_ws_pcdata : pugi::parse_ws_pcdata_single);
}

struct Fault {
  std::size_t offset = 0;
  std::string message;
};

const char* describe(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_out_of_memory:
      return "out of memory while parsing";
    case pugi::status_unrecognized_tag:
      return "a '<' that does not start a valid tag, or text after the last element";
    case pugi::status_bad_pi:
      return "malformed XML declaration or processing instruction";
    case pugi::status_bad_comment:
      return "malformed comment";
    case pugi::status_bad_cdata:
      return "malformed CDATA section";
    case pugi::status_bad_doctype:
      return "malformed DOCTYPE";
    case pugi::status_bad_pcdata:
      return "malformed text";
    case pugi::status_bad_start_element:
      return "malformed start tag";
    case pugi::status_bad_attribute:
      return "malformed attribute (attribute values need quotes)";
    case pugi::status_bad_end_element:
      return "malformed end tag";
    case pugi::status_end_element_mismatch:
      return "end tag does not match the open element, or an element is not closed";
    case pugi::status_no_document_element:
      return "no root element";
    default:
      return "XML is not well-formed";
  }
}

bool is_whitespace(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool is_supported_encoding(std::string_view name) {
  const std::string lower = lowercase(name);
  return lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii";
}

class Converter {
 public:
  Converter(std::string_view xml, const XmlOptions& options) : xml_(xml), options_(options) {}

  XmlConversion run() {
    XmlConversion result;
    nlohmann::json root;
    if (convert(root)) {
      result.ok = true;
      result.json = std::move(root);
      return result;
    }
    const xml_input::TextPosition position = xml_input::position_of(xml_, fault_.offset);
    result.offset = fault_.offset;
    result.line = position.line;
    result.column = position.column;
    result.error = fault_.message + " (line " + std::to_string(position.line) + ", column " +
                   std::to_string(position.column) + ")";
    return result;
  }

 private:
  bool convert(nlohmann::json& out) {
    if (is_whitespace(xml_)) return fail(xml_.size(), "the body is empty: no XML root element");
    if (const std::size_t bad = xml_input::find_invalid_character(xml_);
        bad != xml_input::kNoProblem) {
      return fail(bad, "not UTF-8, or a character XML does not allow");
    }
    // One copy, parsed in place, so that node pointers map back to input offsets. The trailing
    // NUL keeps pugixml's fragment mode from cutting off the last character.
    buffer_.reserve(xml_.size() + 1);
    buffer_.assign(xml_);
    buffer_.push_back('\0');
    const pugi::xml_parse_result parsed = document_.load_buffer_inplace(
        buffer_.data(), buffer_.size(), parse_options_for(xml_), pugi::encoding_utf8);
    if (!parsed) return fail(static_cast<std::size_t>(parsed.offset), describe(parsed.status));

    pugi::xml_node root;
    if (!check_top_level(root)) return false;
    if (const xml_input::BadReference bad = xml_input::find_bad_reference(xml_, offset_of(root));
        bad.offset != xml_input::kNoProblem) {
      return fail(bad.offset, bad.message);
    }
    xml_tree::TreeConverter tree(std::string_view(buffer_.data(), xml_.size()),
                                 options_.normalize_datetimes);
    if (!tree.convert_root(root, out)) return fail(tree.fault().offset, tree.fault().message);
    return true;
  }

  // One root element; before it only the declaration (first), a DOCTYPE without entities,
  // comments and processing instructions; after it nothing but those and whitespace.
  bool check_top_level(pugi::xml_node& root) {
    bool first = true;
    for (pugi::xml_node node : document_.children()) {
      switch (node.type()) {
        case pugi::node_declaration:
          if (!first || !starts_input(offset_of(node))) {
            return fail(offset_of(node), "XML declaration not at the start");
          }
          if (!check_declaration(node)) return false;
          break;
        case pugi::node_doctype:
          if (root) return fail(offset_of(root), "DOCTYPE after the root element");
          if (!check_doctype(node)) return false;
          break;
        case pugi::node_element:
          if (root) return fail(offset_of(node), "more than one root element");
          root = node;
          break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
          if (node.type() == pugi::node_cdata || !is_whitespace(node.value())) {
            return fail(offset_of(node), "text outside the root element");
          }
          break;
        default:
          break;
      }
      first = false;
    }
    if (!root) return fail(xml_.size(), "no root element");
    return true;
  }

  bool check_declaration(pugi::xml_node declaration) {
    const pugi::xml_attribute encoding = declaration.attribute("encoding");
    if (encoding && !is_supported_encoding(encoding.value())) {
      return fail(offset_of(declaration),
                  "encoding '" + std::string(encoding.value()) + "' is not supported; send UTF-8");
    }
    return true;
  }

  // Entities are refused, not ignored: ignoring them would turn "&name;" into literal text, and
  // expanding them is how billion-laughs and external-entity attacks work.
  bool check_doctype(pugi::xml_node doctype) {
    const std::string_view body = doctype.value();
    const std::size_t entity = body.find("<!ENTITY");
    if (entity == std::string_view::npos) return true;
    return fail(offset_of(body.data() + entity),
                "DOCTYPE declares entities; entity declarations are refused");
  }

  // Offset 0, or just after a UTF-8 byte order mark.
  bool starts_input(std::size_t offset) const {
    return offset == 0 || (offset == 3 && xml_.starts_with("\xEF\xBB\xBF"));
  }

  std::size_t offset_of(const char* at) const {
    const char* begin = buffer_.data();
    return at >= begin && at <= begin + xml_.size() ? static_cast<std::size_t>(at - begin) : 0;
  }

  // Where a node starts in the input: names and values point into the parsed buffer.
  std::size_t offset_of(pugi::xml_node node) const {
    switch (node.type()) {
      case pugi::node_element:
        return offset_of(node.name() - 1);  // the '<'
      case pugi::node_declaration:
        return offset_of(node.name() - 2);  // the "<?"
      default:
        return offset_of(node.value());
    }
  }

  bool fail(std::size_t offset, std::string message) {
    fault_ = {std::min(offset, xml_.size()), std::move(message)};
    return false;
  }

  std::string_view xml_;
  const XmlOptions& options_;
  std::string buffer_;
  pugi::xml_document document_;
  Fault fault_;
};

}  // namespace

XmlConversion xml_element_tree_to_json(std::string_view xml, const XmlOptions& options) {
  return Converter(xml, options).run();
}

XmlConversion xml_to_message_json(std::string_view xml, const XmlOptions& options) {
  XmlConversion conversion = xml_element_tree_to_json(xml, options);
  if (!conversion.ok) return conversion;
  const nlohmann::json& root = conversion.json;
  const auto xmlns = root.find("@xmlns");
  const bool is_case = root.at("#type") == "case" && xmlns != root.end() && xmlns->is_string() &&
                       xmlns->get_ref<const std::string&>() == kCaseNamespace;
  nlohmann::json envelope = nlohmann::json::object();
  envelope[is_case ? "case" : "form"] = std::move(conversion.json);
  conversion.json = std::move(envelope);
  return conversion;
}

}  // namespace intake
