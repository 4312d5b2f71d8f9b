#include "mapping/state_pointer.hpp"

#include <algorithm>

#include "mapping/syntax_error.hpp"

namespace intake::mapping::detail {
namespace {

using nlohmann::json;

// RFC 6901: an array index is "0" or digits without a leading zero. 18 digits always fit.
std::optional<std::size_t> array_index(const std::string& token) {
  if (token.empty() || token.size() > 18 || (token.size() > 1 && token.front() == '0')) return {};
  if (!std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  return static_cast<std::size_t>(std::stoull(token));
}

// The state's shape is fixed (jobs/handler.hpp), so a pointer outside it is a typo: say so at load.
void check_root(StatePointer& pointer, bool item_allowed) {
  const std::string& name = pointer.tokens.front();
  if (name == "data" || name == "request" || name == "references") return;
  if (name == "item" || name == "index") {
    if (!item_allowed) {
      throw SyntaxError("/" + name + " exists only in the item of an each (the current element" +
                        " and its position)");
    }
    pointer.root = name == "item" ? StatePointer::Root::item : StatePointer::Root::index;
    pointer.first = 1;
    if (name == "index" && pointer.tokens.size() > 1) {
      throw SyntaxError("/index is a number (the item's position); " + pointer.text +
                        " cannot be inside it");
    }
    return;
  }
  throw SyntaxError("the state has no " +
                    json(name).dump(-1, ' ', false, json::error_handler_t::replace) +
                    " (it has /data, /request and /references" +
                    (item_allowed ? "; inside each also /item and /index)" : ")"));
}

const json* start(const StatePointer& pointer, const Scope& scope) {
  switch (pointer.root) {
    case StatePointer::Root::item:
      return scope.item;
    case StatePointer::Root::index:
      return scope.item ? &scope.index : nullptr;
    case StatePointer::Root::state:
      break;
  }
  return &scope.state;
}

const json* step(const json& value, const std::string& token,
                 const std::optional<std::size_t>& index) {
  if (value.is_object()) {
    const auto it = value.find(token);
    return it == value.end() ? nullptr : &*it;
  }
  if (value.is_array() && index && *index < value.size()) return &value[*index];
  return nullptr;
}

}  // namespace

StatePointer parse_state_pointer(std::string_view text, bool item_allowed) {
  if (text.empty()) throw SyntaxError("a JSON pointer is needed here, such as /data/id");
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.front() != '/') {
    throw SyntaxError(quoted + " is not a JSON pointer: it must start with '/' (write /" +
                      std::string(text) + ")");
  }
  StatePointer pointer;
  pointer.text = text;
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      pointer.ends.push_back(i);
      pointer.indexes.push_back(array_index(token));
      pointer.tokens.push_back(std::move(token));
      token.clear();
    } else if (text[i] != '~') {
      token.push_back(text[i]);
    } else if (i + 1 < text.size() && (text[i + 1] == '0' || text[i + 1] == '1')) {
      token.push_back(text[++i] == '0' ? '~' : '/');
    } else {
      throw SyntaxError("in " + quoted + ", '~' must be followed by 0 or 1 (~0 is '~', ~1 is '/')");
    }
  }
  check_root(pointer, item_allowed);
  return pointer;
}

const json* resolve(const StatePointer& pointer, const Scope& scope) {
  const json* at = start(pointer, scope);
  for (std::size_t i = pointer.first; at && i < pointer.tokens.size(); ++i) {
    at = step(*at, pointer.tokens[i], pointer.indexes[i]);
  }
  return at;
}

std::string explain_missing(const StatePointer& pointer, const Scope& scope) {
  const json* at = start(pointer, scope);
  if (!at) return pointer.text + " exists only inside each";
  for (std::size_t i = pointer.first; i < pointer.tokens.size(); ++i) {
    const std::string& token = pointer.tokens[i];
    const json* next = step(*at, token, pointer.indexes[i]);
    if (next) {
      at = next;
      continue;
    }
    const std::string parent = i == 0 ? "the state" : pointer.text.substr(0, pointer.ends[i - 1]);
    if (at->is_object()) {
      std::string why =
          parent + " has no " + json(token).dump(-1, ' ', false, json::error_handler_t::replace);
      if (pointer.indexes[i]) {
        why +=
            "; it is an object, as CommCare sends a repeat group with one entry: use each to "
            "accept both";
      }
      return why;
    }
    if (at->is_array()) {
      if (!pointer.indexes[i]) return parent + " is an array and '" + token + "' is not an index";
      return parent + " is an array of " + std::to_string(at->size()) + ", with no index " + token;
    }
    return parent + " is " + describe_type(*at) + ", not an object or array";
  }
  return pointer.text + " is present";  // not reached: only called when resolve() found nothing
}

std::string describe_type(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    default:
      return "a number";
  }
}

}  // namespace intake::mapping::detail
