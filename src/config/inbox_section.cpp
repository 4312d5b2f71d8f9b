#include <algorithm>
#include <cctype>

#include "config/sections.hpp"

namespace intake::config_detail {
namespace {

bool valid_inbox_name(const std::string& name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
         });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An empty secret would let anyone in, so it is refused.
Secret required_secret(const YamlReader& reader, const YAML::Node& entry, const char* key,
                       const std::string& path) {
  return Secret(reader.required_string(entry, key, path, "an empty secret would let anyone in; "));
}

AuthCredential read_credential(const YamlReader& reader, const YAML::Node& entry,
                               const std::string& path) {
  reader.expect_map(entry, path);
  const YAML::Node type_node = entry["type"];
  if (!type_node) reader.fail(entry, path, "missing `type` (api_key, basic or bearer)");
  const std::string type = reader.string(type_node, child_path(path, "type"));
  AuthCredential credential;
  if (type == "api_key") {
    reader.allow_keys(entry, path, {"type", "header", "key"});
    credential.type = AuthType::api_key;
    if (auto header = entry["header"]) {
      credential.header = lower(reader.string(header, child_path(path, "header")));
      if (credential.header.empty()) reader.fail(header, child_path(path, "header"), "is empty");
    }
    credential.key = required_secret(reader, entry, "key", path);
  } else if (type == "basic") {
    reader.allow_keys(entry, path, {"type", "username", "password"});
    credential.type = AuthType::basic;
    credential.username = required_secret(reader, entry, "username", path).reveal();
    if (credential.username.find(':') != std::string::npos) {
      reader.fail(entry["username"], child_path(path, "username"),
                  "must not contain ':' (HTTP Basic separates user and password with it)");
    }
    credential.password = required_secret(reader, entry, "password", path);
  } else if (type == "bearer") {
    reader.allow_keys(entry, path, {"type", "token"});
    credential.type = AuthType::bearer;
    credential.token = required_secret(reader, entry, "token", path);
  } else {
    reader.fail(type_node, child_path(path, "type"),
                "unknown auth type '" + type + "' (expected api_key, basic or bearer)");
  }
  return credential;
}

std::vector<AuthCredential> read_auth(const YamlReader& reader, const YAML::Node& node,
                                      const std::string& path) {
  std::vector<AuthCredential> credentials;
  if (node.IsNull()) return credentials;
  if (node.IsScalar()) {
    if (reader.string(node, path) == "none") return credentials;
    reader.fail(node, path, "expected a list of credentials, or `none`");
  }
  if (node.IsMap()) {  // a single credential without the list
    credentials.push_back(read_credential(reader, node, index_path(path, 0)));
    return credentials;
  }
  reader.expect_sequence(node, path);
  for (std::size_t i = 0; i < node.size(); ++i) {
    credentials.push_back(read_credential(reader, node[i], index_path(path, i)));
  }
  return credentials;
}

std::vector<std::string> read_dedupe(const YamlReader& reader, const YAML::Node& node,
                                     const std::string& path) {
  std::vector<std::string> pointers;
  if (node.IsNull()) return pointers;
  if (node.IsScalar()) {
    const std::string value = reader.string(node, path);
    if (value == "body" || value == "sha256") return pointers;
  }
  reader.expect_sequence(node, path);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = index_path(path, i);
    std::string pointer = reader.string(node[i], item_path);
    try {
      nlohmann::json::json_pointer checked(pointer);
    } catch (const nlohmann::json::exception&) {
      reader.fail(node[i], item_path,
                  "'" + pointer + "' is not a JSON pointer (it must start with '/', e.g. /id)");
    }
    if (pointer.empty()) reader.fail(node[i], item_path, "the empty pointer selects the whole body");
    pointers.push_back(std::move(pointer));
  }
  return pointers;
}

}  // namespace

std::map<std::string, InboxConfig> read_inboxes(const YamlReader& reader, const YAML::Node& node,
                                                std::vector<std::string>& warnings) {
  std::map<std::string, InboxConfig> inboxes;
  reader.expect_map(node, "inboxes");
  reader.reject_duplicate_keys(node, "inboxes");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const std::string path = child_path("inboxes", name);
    if (!valid_inbox_name(name)) {
      reader.fail(it->first, path,
                  "inbox names may use letters, digits, '-', '_' and '.' only (they appear in the "
                  "URL /inbox/<name>)");
    }
    InboxConfig inbox;
    inbox.name = name;
    const YAML::Node body = it->second;
    if (!body.IsNull()) {
      reader.expect_map(body, path);
      reader.allow_keys(body, path, {"auth", "dedupe"});
      if (auto auth = body["auth"]) inbox.auth = read_auth(reader, auth, child_path(path, "auth"));
      if (auto dedupe = body["dedupe"]) {
        inbox.dedupe = read_dedupe(reader, dedupe, child_path(path, "dedupe"));
      }
    }
    if (inbox.auth.empty()) {
      warnings.push_back(reader.file() + ": " + path +
                         ": no auth configured: anyone who knows the URL can post to this inbox");
    }
    inboxes.emplace(name, std::move(inbox));
  }
  return inboxes;
}

}  // namespace intake::config_detail
