#include "adaptors/commcare/submit_form_openrosa.hpp"

#include <pugixml.hpp>

namespace intake::adaptors::commcare {
namespace {

std::string trimmed(std::string text) {
  const char* space = " \t\r\n";
  const auto first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// Local name of an element, without a prefix.
std::string local_name(const pugi::xml_node& node) {
  std::string name = node.name();
  const auto colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

}  // namespace

OpenRosaAnswer read_openrosa_answer(const std::string& body) {
  OpenRosaAnswer answer;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype))
    return answer;
  const pugi::xml_node root = doc.document_element();
  if (local_name(root) != "OpenRosaResponse") return answer;
  answer.parsed = true;
  for (pugi::xml_node child : root.children()) {
    if (local_name(child) != "message") continue;
    answer.nature = child.attribute("nature").value();
    answer.message = trimmed(child.text().get());
    break;
  }
  return answer;
}

}  // namespace intake::adaptors::commcare
