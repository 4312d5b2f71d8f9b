#pragma once
// One parsed element tree → JSON by dimagi/xml2json's rules (docs/commcare.md rules 1–8), with
// namespace prefixes resolved here because pugixml does not resolve them.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace intake::xml_tree {

struct TreeFault {
  std::size_t offset = 0;
  std::string message;
};

class TreeConverter {
 public:
  // `buffer` is the text pugixml parsed in place; it turns node pointers into error offsets.
  TreeConverter(std::string_view buffer, bool normalize_datetimes)
      : buffer_(buffer), normalize_datetimes_(normalize_datetimes) {}

  // The root element's object, "#type" included. False (and fault() set) when the tree breaks a
  // namespace rule, repeats an attribute or nests too deep.
  bool convert_root(pugi::xml_node root, nlohmann::json& out);
  const TreeFault& fault() const { return fault_; }

 private:
  bool convert(pugi::xml_node element, std::string_view parent_namespace, int depth,
               bool force_object, nlohmann::json& out);
  bool bind_declarations(pugi::xml_node element);
  void unbind_to(std::size_t scope_mark);
  bool resolve(std::string_view qualified_name, bool is_attribute, const char* at,
               std::string_view& uri, std::string_view& local);
  bool add_attributes(pugi::xml_node element, nlohmann::json::object_t& object);
  bool add_children(pugi::xml_node element, std::string_view element_namespace, int depth,
                    nlohmann::json::object_t& object);
  nlohmann::json make_string(std::string text) const;
  bool fail(const char* at, std::string message);

  std::string_view buffer_;
  bool normalize_datetimes_;
  // The prefix of every declaration in scope, innermost last ("" for the default namespace):
  // what to unbind when an element ends.
  std::vector<std::string_view> scope_;
  // The URIs each prefix is bound to in scope, innermost last ("" undeclares the default): a
  // lookup per name instead of a scan of every binding (a body declaring 36,000 prefixes made
  // that scan quadratic).
  std::unordered_map<std::string_view, std::vector<std::string_view>> bound_;
  TreeFault fault_;
};

}  // namespace intake::xml_tree
