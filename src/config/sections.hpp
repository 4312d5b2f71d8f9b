#pragma once
// Readers for each top-level section of the config file.

#include <map>
#include <string>
#include <vector>

#include "config/yaml_reader.hpp"
#include "intake/config/config.hpp"

namespace intake::config_detail {

ServerConfig read_server(const YamlReader& reader, const YAML::Node& node);
StorageConfig read_storage(const YamlReader& reader, const YAML::Node& node);
WorkersConfig read_workers(const YamlReader& reader, const YAML::Node& node);
std::map<std::string, InboxConfig> read_inboxes(const YamlReader& reader, const YAML::Node& node,
                                                std::vector<std::string>& warnings);

}  // namespace intake::config_detail

namespace intake::config_detail {

std::map<std::string, CredentialConfig> read_credentials(const YamlReader& reader,
                                                         const YAML::Node& node);
std::map<std::string, JobConfig> read_jobs(const YamlReader& reader, const YAML::Node& node,
                                           const std::map<std::string, CredentialConfig>& credentials);
std::vector<TriggerConfig> read_triggers(const YamlReader& reader, const YAML::Node& node,
                                         const Config& config);
// Compiles the message triggers into config.message_triggers; errors point into `node`.
void compile_message_triggers(const YamlReader& reader, const YAML::Node& node, Config& config);

// The YAML node a JSON pointer designates inside `node` (for error positions), or `node`.
YAML::Node locate(const YAML::Node& node, std::string_view pointer);

}  // namespace intake::config_detail

namespace intake::config_detail {
// Non-fatal findings across sections: jobs no trigger starts, credentials no job uses.
void add_reference_warnings(Config& config);
}  // namespace intake::config_detail
