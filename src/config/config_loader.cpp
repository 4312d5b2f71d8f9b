#include "intake/config/config_loader.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <yaml-cpp/depthguard.h>

#include "config/sections.hpp"
#include "config/yaml_reader.hpp"

namespace intake {

using config_detail::YamlReader;

const InboxConfig* Config::find_inbox(std::string_view name) const {
  auto it = inboxes.find(std::string(name));
  return it == inboxes.end() ? nullptr : &it->second;
}

const TriggerConfig* Config::find_trigger(std::string_view name) const {
  for (const auto& trigger : triggers) {
    if (trigger.name == name) return &trigger;
  }
  return nullptr;
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
  };
}

Config load_config_text(std::string_view yaml, const std::string& source_name,
                        const EnvLookup& env) {
  YamlReader reader(source_name, env);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {  // its own message says "bad file"
    reader.fail_at(e.mark, "",
                   "invalid YAML: nested deeper than the YAML parser allows (" +
                       std::to_string(e.depth()) + " levels)");
  } catch (const YAML::Exception& e) {
    std::string message = "invalid YAML: " + e.msg;
    // YAML reserves @ and ` to start a plain scalar; CommCare's keys often start with @.
    if (e.mark.pos >= 0 && static_cast<std::size_t>(e.mark.pos) < yaml.size() &&
        (yaml[e.mark.pos] == '@' || yaml[e.mark.pos] == '`')) {
      message += std::string(" (a key or value starting with ") + yaml[e.mark.pos] +
                 " must be quoted, e.g. \"@xmlns\")";
    }
    reader.fail_at(e.mark, "", message);
  }
  Config config;
  config.source = source_name;
  if (!root.IsDefined() || root.IsNull()) {
    throw ConfigError(source_name, 0, 0, "", "the config is empty (expected at least `inboxes:`)");
  }
  reader.expect_map(root, "");
  reader.allow_keys(root, "",
                    {"server", "storage", "workers", "inboxes", "credentials", "jobs", "triggers"});
  if (auto node = root["server"]) config.server = config_detail::read_server(reader, node);
  if (auto node = root["storage"]) config.storage = config_detail::read_storage(reader, node);
  if (auto node = root["workers"]) config.workers = config_detail::read_workers(reader, node);
  if (auto node = root["inboxes"]) {
    config.inboxes = config_detail::read_inboxes(reader, node, config.warnings);
  }
  if (config.inboxes.empty()) {
    reader.fail(root, "inboxes", "no inbox is configured: add at least one under `inboxes:`");
  }
  if (auto node = root["credentials"]) {
    config.credentials = config_detail::read_credentials(reader, node);
  }
  if (auto node = root["jobs"])
    config.jobs = config_detail::read_jobs(reader, node, config.credentials);
  YAML::Node triggers = root["triggers"];
  if (triggers) config.triggers = config_detail::read_triggers(reader, triggers, config);
  config_detail::compile_message_triggers(
      reader, triggers ? triggers : YAML::Node(YAML::NodeType::Map), config);
  config_detail::add_reference_warnings(config);
  return config;
}

Config load_config_file(const std::string& path, const EnvLookup& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, 0, "", "cannot read the config file (does it exist?)");
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path, env);
}

}  // namespace intake
