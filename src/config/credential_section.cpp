#include "config/sections.hpp"

namespace intake::config_detail {
namespace {

std::string optional_string(const YamlReader& reader, const YAML::Node& entry, const char* key,
                            const std::string& path) {
  const YAML::Node node = entry[key];
  return node ? reader.string(node, child_path(path, key)) : std::string();
}

}  // namespace

std::map<std::string, CredentialConfig> read_credentials(const YamlReader& reader,
                                                         const YAML::Node& node) {
  std::map<std::string, CredentialConfig> credentials;
  if (node.IsNull()) return credentials;
  reader.expect_map(node, "credentials");
  reader.reject_duplicate_keys(node, "credentials");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const std::string path = child_path("credentials", name);
    const YAML::Node entry = it->second;
    reader.expect_map(entry, path);
    CredentialConfig credential;
    credential.name = name;
    credential.type = reader.required_string(entry, "type", path);
    if (credential.type == "commcare") {
      reader.allow_keys(entry, path,
                        {"type", "base_url", "domain", "username", "api_key", "password", "app_id"});
      credential.base_url = reader.required_string(entry, "base_url", path);
      if (credential.base_url.rfind("https://", 0) != 0 && credential.base_url.rfind("http://", 0) != 0) {
        reader.fail(entry["base_url"], child_path(path, "base_url"),
                    "must be an http(s) URL such as https://www.commcarehq.org");
      }
      while (!credential.base_url.empty() && credential.base_url.back() == '/') {
        credential.base_url.pop_back();
      }
      credential.domain = reader.required_string(entry, "domain", path);
      credential.username = reader.required_string(entry, "username", path);
      credential.app_id = optional_string(reader, entry, "app_id", path);
      const bool has_key = static_cast<bool>(entry["api_key"]);
      const bool has_password = static_cast<bool>(entry["password"]);
      if (has_key == has_password) {
        reader.fail(entry, path,
                    "give exactly one of `api_key` (sent as `Authorization: ApiKey user:key`) or "
                    "`password` (Basic auth)");
      }
      if (has_key) credential.api_key = Secret(reader.required_string(entry, "api_key", path));
      if (has_password) credential.password = Secret(reader.required_string(entry, "password", path));
    } else if (credential.type == "basic") {
      reader.allow_keys(entry, path, {"type", "username", "password"});
      credential.username = reader.required_string(entry, "username", path);
      credential.password = Secret(reader.required_string(entry, "password", path));
    } else if (credential.type == "bearer") {
      reader.allow_keys(entry, path, {"type", "token"});
      credential.token = Secret(reader.required_string(entry, "token", path));
    } else if (credential.type == "api_key") {
      reader.allow_keys(entry, path, {"type", "header", "key"});
      credential.header = entry["header"] ? reader.required_string(entry, "header", path) : "x-api-key";
      credential.api_key = Secret(reader.required_string(entry, "key", path));
    } else {
      reader.fail(entry["type"], child_path(path, "type"),
                  "unknown credential type '" + credential.type +
                      "' (expected commcare, basic, bearer or api_key)");
    }
    credentials.emplace(name, std::move(credential));
  }
  return credentials;
}

}  // namespace intake::config_detail
