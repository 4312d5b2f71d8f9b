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
std::map<std::string, InboxConfig> read_inboxes(const YamlReader& reader, const YAML::Node& node,
                                                std::vector<std::string>& warnings);

}  // namespace intake::config_detail
