#include "adaptors/commcare/submit_form_xform.hpp"

#include <sstream>
#include <stdexcept>

#include <pugixml.hpp>

namespace intake::adaptors::commcare {
namespace {

using nlohmann::json;

constexpr const char* kCaseXmlns = "http://commcarehq.org/case/transaction/v2";
constexpr const char* kMetaXmlns = "http://openrosa.org/jr/xforms";

// XML 1.0 names, restricted to what forms use: a letter or _ first, then letters, digits, - _ .
// (non-ASCII bytes pass: UTF-8 names are allowed).
bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  auto start_ok = [](unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; };
  if (!start_ok(static_cast<unsigned char>(name[0]))) return false;
  if (name.size() >= 3 && (name[0] == 'x' || name[0] == 'X') &&
      (name[1] == 'm' || name[1] == 'M') && (name[2] == 'l' || name[2] == 'L'))
    return false;
  for (unsigned char c : name) {
    if (!(start_ok(c) || std::isdigit(c) || c == '-' || c == '.')) return false;
  }
  return true;
}

std::string checked(const std::string& name, const std::string& where) {
  if (!valid_name(name))
    throw std::invalid_argument(where + ": '" + name + "' is not a valid XML element name");
  return name;
}

std::string text_of(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

void append_value(pugi::xml_node parent, const std::string& name, const json& value,
                  const std::string& where);

// An object's members as children ("@x" → attribute, "#text" → text).
void append_members(pugi::xml_node node, const json& object, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (key == "#text") {
      node.append_child(pugi::node_pcdata).set_value(text_of(value).c_str());
    } else if (!key.empty() && key[0] == '@') {
      const std::string attribute = checked(key.substr(1), where + "/" + key);
      if (value.is_object() || value.is_array())
        throw std::invalid_argument(where + "/" + key + ": an attribute must be a single value");
      node.append_attribute(attribute.c_str()).set_value(text_of(value).c_str());
    } else {
      append_value(node, key, value, where + "/" + key);
    }
  }
}

void append_value(pugi::xml_node parent, const std::string& name, const json& value,
                  const std::string& where) {
  checked(name, where);
  if (value.is_array()) {  // a repeat group: the element once per entry
    for (std::size_t i = 0; i < value.size(); ++i)
      append_value(parent, name, value[i], where + "/" + std::to_string(i));
    return;
  }
  pugi::xml_node node = parent.append_child(name.c_str());
  if (value.is_object()) {
    append_members(node, value, where);
  } else if (!value.is_null()) {
    node.text().set(text_of(value).c_str());
  }
}

void append_text_child(pugi::xml_node parent, const std::string& name, const std::string& text) {
  parent.append_child(name.c_str()).text().set(text.c_str());
}

void append_case(pugi::xml_node root, const json& block, const XFormMeta& meta) {
  pugi::xml_node c = root.append_child("n0:case");
  c.append_attribute("xmlns:n0").set_value(kCaseXmlns);
  c.append_attribute("case_id").set_value(text_of(block.at("case_id")).c_str());
  c.append_attribute("date_modified").set_value(meta.time_end.c_str());
  c.append_attribute("user_id").set_value(meta.user_id.c_str());
  if (block.contains("create") && block["create"].is_object()) {
    pugi::xml_node create = c.append_child("n0:create");
    for (const char* field : {"case_type", "case_name", "owner_id"}) {
      if (block["create"].contains(field) && !block["create"][field].is_null())
        append_text_child(create, std::string("n0:") + field, text_of(block["create"][field]));
    }
  }
  if (block.contains("update") && block["update"].is_object() && !block["update"].empty()) {
    pugi::xml_node update = c.append_child("n0:update");
    for (const auto& [name, value] : block["update"].items()) {
      if (value.is_object() || value.is_array())
        throw std::invalid_argument("/case/update/" + name +
                                    ": a case property must be a single value");
      append_text_child(update, "n0:" + checked(name, "/case/update/" + name), text_of(value));
    }
  }
  if (block.contains("index") && block["index"].is_object() && !block["index"].empty()) {
    pugi::xml_node index = c.append_child("n0:index");
    for (const auto& [name, target] : block["index"].items()) {
      if (!target.is_object() || !target.contains("case_id"))
        throw std::invalid_argument("/case/index/" + name +
                                    " must be {case_id, case_type, relationship}");
      pugi::xml_node entry =
          index.append_child(("n0:" + checked(name, "/case/index/" + name)).c_str());
      entry.append_attribute("case_type")
          .set_value(text_of(target.value("case_type", json(""))).c_str());
      if (target.contains("relationship") && !target["relationship"].is_null())
        entry.append_attribute("relationship").set_value(text_of(target["relationship"]).c_str());
      entry.text().set(text_of(target["case_id"]).c_str());
    }
  }
  if (block.value("close", false)) c.append_child("n0:close");
}

}  // namespace

std::string build_xform(const XFormInput& input) {
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child("data");
  root.append_attribute("xmlns").set_value(input.xmlns.c_str());
  root.append_attribute("name").set_value(input.name.c_str());
  root.append_attribute("uiVersion").set_value("1");
  if (input.fields.is_object()) {
    for (const auto& [key, value] : input.fields.items()) {
      if (key == "meta" || key == "case")
        throw std::invalid_argument("/fields/" + key +
                                    ": reserved (use the `case` param; meta is generated)");
    }
    append_members(root, input.fields, "/fields");
  }
  if (!input.case_block.is_null()) append_case(root, input.case_block, input.meta);
  pugi::xml_node meta = root.append_child("n1:meta");
  meta.append_attribute("xmlns:n1").set_value(kMetaXmlns);
  append_text_child(meta, "n1:deviceID", input.meta.device_id);
  append_text_child(meta, "n1:timeStart", input.meta.time_start);
  append_text_child(meta, "n1:timeEnd", input.meta.time_end);
  append_text_child(meta, "n1:username", input.meta.username);
  append_text_child(meta, "n1:userID", input.meta.user_id);
  append_text_child(meta, "n1:instanceID", input.meta.instance_id);
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace intake::adaptors::commcare
