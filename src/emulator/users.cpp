#include "intake/emulator/users.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace intake::emulator {
namespace {

std::string text_field(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  if (!value) return "";
  if (!value.IsScalar()) throw std::runtime_error(std::string("'") + key + "' must be a string");
  return value.as<std::string>();
}

User read_user(const YAML::Node& node) {
  if (!node.IsMap()) throw std::runtime_error("each user must be a mapping");
  User user;
  user.username = text_field(node, "username");
  user.api_key = text_field(node, "api_key");
  user.password = text_field(node, "password");
  if (user.username.empty()) throw std::runtime_error("a user has no username");
  if (user.api_key.empty() && user.password.empty()) {
    throw std::runtime_error("user '" + user.username + "' has neither api_key nor password");
  }
  const YAML::Node domains = node["domains"];
  if (domains) {
    if (!domains.IsSequence()) {
      throw std::runtime_error("user '" + user.username + "': domains must be a list");
    }
    for (const auto& domain : domains) {
      if (!domain.IsScalar()) {
        throw std::runtime_error("user '" + user.username + "': domains must be strings");
      }
      user.domains.push_back(domain.as<std::string>());
    }
  }
  return user;
}

}  // namespace

std::vector<User> load_users_file(const std::filesystem::path& path) {
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    YAML::Node list = root.IsMap() ? root["users"] : root;
    if (!list || !list.IsSequence()) {
      throw std::runtime_error("expected a list of users (or a 'users:' key holding one)");
    }
    std::vector<User> users;
    for (const auto& node : list) users.push_back(read_user(node));
    return users;
  } catch (const YAML::Exception& e) {
    throw std::runtime_error("users file " + path.string() + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("users file " + path.string() + ": " + e.what());
  }
}

}  // namespace intake::emulator
