#include "ingest/xml_to_json_tree.hpp"

#include <cstdint>
#include <optional>

#include "intake/ingest/xml_to_json.hpp"

namespace intake::xml_tree {
namespace {

using nlohmann::json;

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
// libxml2's default depth limit, so HQ refuses what we refuse.
constexpr int kMaxDepth = 256;

bool is_declaration(std::string_view attribute_name) {
  return attribute_name.starts_with("xmlns") &&
         (attribute_name.size() == 5 || attribute_name[5] == ':');
}

// The name without its prefix (valid once resolve() accepted it).
std::string_view local_name(std::string_view qualified_name) {
  const std::size_t colon = qualified_name.find(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

// One code point from valid UTF-8 (the input was checked before parsing).
std::uint32_t decode_at(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  std::uint32_t code;
  std::size_t length;
  if (lead < 0x80) {
    code = lead, length = 1;
  } else if (lead < 0xE0) {
    code = lead & 0x1F, length = 2;
  } else if (lead < 0xF0) {
    code = lead & 0x0F, length = 3;
  } else {
    code = lead & 0x07, length = 4;
  }
  for (std::size_t k = 1; k < length; ++k) code = (code << 6) | (byte(k) & 0x3F);
  i += length;
  return code;
}

// Python's str.isspace for the characters XML allows: HQ tests `text.strip()`.
bool is_python_space(std::uint32_t code) {
  return code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == 0x85 ||
         code == 0xA0 || code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 ||
         code == 0x2029 || code == 0x202F || code == 0x205F || code == 0x3000;
}

bool is_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (!is_python_space(decode_at(text, i))) return false;
  }
  return true;
}

struct ElementContent {
  std::string leading_text;  // text before the first child element, CDATA included
  bool has_child_elements = false;
  bool has_attributes = false;  // namespace declarations aside
};

// pugixml keeps neither comments nor processing instructions here, so the text on both sides of
// one arrives as two nodes and is joined, as HQ's remove_comments parser joins it.
ElementContent read_content(pugi::xml_node element) {
  ElementContent content;
  for (pugi::xml_attribute attribute : element.attributes()) {
    if (!is_declaration(attribute.name())) {
      content.has_attributes = true;
      break;
    }
  }
  for (pugi::xml_node child : element.children()) {
    const pugi::xml_node_type type = child.type();
    if (type == pugi::node_element) {
      content.has_child_elements = true;
      break;
    }
    if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      content.leading_text.append(child.value());
    }
  }
  return content;
}

// A repeated sibling turns the first value into a list, kept at the first one's place.
void add_child(json::object_t& object, std::string_view key, json value) {
  auto [slot, inserted] = object.try_emplace(std::string(key), std::move(value));
  if (inserted) return;
  json& existing = slot->second;
  if (existing.is_array()) {
    existing.push_back(std::move(value));
    return;
  }
  json::array_t list;
  list.reserve(2);
  list.push_back(std::move(existing));
  list.push_back(std::move(value));
  existing = std::move(list);
}

}  // namespace

bool TreeConverter::convert_root(pugi::xml_node root, json& out) {
  if (!convert(root, {}, 1, /*force_object=*/true, out)) return false;
  out["#type"] = std::string(local_name(root.name()));
  return true;
}

bool TreeConverter::convert(pugi::xml_node element, std::string_view parent_namespace, int depth,
                            bool force_object, json& out) {
  const char* start_tag = element.name() - 1;  // the '<'
  if (depth > kMaxDepth) {
    return fail(start_tag,
                "elements are nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  const std::size_t scope_mark = scope_.size();
  std::string_view uri, local;
  if (!bind_declarations(element) || !resolve(element.name(), false, start_tag, uri, local)) {
    return false;
  }
  ElementContent content = read_content(element);
  // "@xmlns" only where the namespace changes; an element without one never gets it.
  const bool namespace_changes = !uri.empty() && uri != parent_namespace;

  if (!force_object && !content.has_attributes && !namespace_changes &&
      !content.has_child_elements) {
    out = make_string(std::move(content.leading_text));
    unbind_to(scope_mark);
    return true;
  }
  out = json::object();
  auto& object = out.get_ref<json::object_t&>();
  if (!add_attributes(element, object)) return false;
  if (namespace_changes) object["@xmlns"] = make_string(std::string(uri));
  if (!add_children(element, uri, depth, object)) return false;
  if (!is_blank(content.leading_text)) {
    object["#text"] = make_string(std::move(content.leading_text));
  }
  unbind_to(scope_mark);
  return true;
}

bool TreeConverter::bind_declarations(pugi::xml_node element) {
  for (pugi::xml_attribute attribute : element.attributes()) {
    const std::string_view name = attribute.name();
    if (!is_declaration(name)) continue;
    const std::string_view prefix = name.size() == 5 ? std::string_view{} : name.substr(6);
    const std::string_view uri = attribute.value();
    if (name.size() > 5 && uri.empty()) {
      return fail(attribute.name(),
                  "namespace prefix '" + std::string(prefix) + "' is bound to an empty URI");
    }
    scope_.push_back(prefix);
    bound_[prefix].push_back(uri);
  }
  return true;
}

void TreeConverter::unbind_to(std::size_t scope_mark) {
  while (scope_.size() > scope_mark) {
    auto binding = bound_.find(scope_.back());
    binding->second.pop_back();
    if (binding->second.empty()) bound_.erase(binding);
    scope_.pop_back();
  }
}

bool TreeConverter::resolve(std::string_view qualified_name, bool is_attribute, const char* at,
                            std::string_view& uri, std::string_view& local) {
  const std::size_t colon = qualified_name.find(':');
  const std::string_view prefix =
      colon == std::string_view::npos ? std::string_view{} : qualified_name.substr(0, colon);
  local = colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
  uri = {};
  if (colon != std::string_view::npos &&
      (prefix.empty() || local.empty() || local.find(':') != std::string_view::npos)) {
    return fail(at, "name '" + std::string(qualified_name) + "' is not a valid qualified name");
  }
  // Unprefixed attributes are in no namespace, whatever the default namespace is.
  if (prefix.empty() && is_attribute) return true;
  if (prefix == "xml") {
    uri = kXmlNamespace;
    return true;
  }
  if (const auto binding = bound_.find(prefix); binding != bound_.end()) {
    uri = binding->second.back();
    return true;
  }
  if (prefix.empty()) return true;  // no default namespace in scope
  return fail(at, "namespace prefix '" + std::string(prefix) + "' is not declared");
}

bool TreeConverter::add_attributes(pugi::xml_node element, json::object_t& object) {
  std::string key;
  for (pugi::xml_attribute attribute : element.attributes()) {
    const std::string_view name = attribute.name();
    if (is_declaration(name)) continue;
    std::string_view uri, local;
    if (!resolve(name, true, attribute.name(), uri, local)) return false;
    key.assign("@");
    if (!uri.empty()) key.append("{").append(uri).append("}");
    key.append(local);
    if (!object.try_emplace(key, make_string(attribute.value())).second) {
      return fail(attribute.name(), "attribute '" + std::string(name) + "' appears twice on <" +
                                        element.name() + ">");
    }
  }
  return true;
}

bool TreeConverter::add_children(pugi::xml_node element, std::string_view element_namespace,
                                 int depth, json::object_t& object) {
  for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    json value;
    if (!convert(child, element_namespace, depth + 1, false, value)) return false;
    add_child(object, local_name(child.name()), std::move(value));
  }
  return true;
}

json TreeConverter::make_string(std::string text) const {
  if (normalize_datetimes_) {
    if (std::optional<std::string> utc = normalize_hq_datetime(text)) return json(std::move(*utc));
  }
  return json(std::move(text));
}

bool TreeConverter::fail(const char* at, std::string message) {
  const char* begin = buffer_.data();
  const bool inside = at >= begin && at <= begin + buffer_.size();
  fault_ = {inside ? static_cast<std::size_t>(at - begin) : 0, std::move(message)};
  return false;
}

}  // namespace intake::xml_tree
