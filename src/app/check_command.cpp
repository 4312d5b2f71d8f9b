#include <iostream>

#include "intake/app/commands.hpp"
#include "intake/config/config_loader.hpp"

namespace intake {

int check_command(const std::string& config_path) {
  Config config;
  try {
    config = load_config_file(config_path);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  for (const auto& warning : config.warnings) std::cout << "warning: " << warning << "\n";
  int message = 0, cron = 0, flow = 0, disabled = 0;
  for (const auto& trigger : config.triggers) {
    message += trigger.type == TriggerType::message;
    cron += trigger.type == TriggerType::cron;
    flow += trigger.type == TriggerType::flow;
    disabled += !trigger.enabled;
  }
  std::cout << config_path << ": OK\n"
            << "  listen       " << config.server.listen_host << ":" << config.server.listen_port << "\n"
            << "  store        " << config.storage.path
            << (config.storage.durability_full ? " (durability full)" : " (durability normal)") << "\n"
            << "  inboxes      " << config.inboxes.size() << ":";
  for (const auto& [name, inbox] : config.inboxes) {
    std::cout << " " << name << (inbox.auth.empty() ? " (open)" : "");
  }
  std::cout << "\n  credentials  " << config.credentials.size() << "\n"
            << "  jobs         " << config.jobs.size() << "\n"
            << "  triggers     " << config.triggers.size() << " (" << message << " message, " << cron
            << " cron, " << flow << " flow" << (disabled ? ", " + std::to_string(disabled) + " disabled" : "")
            << ")\n";
  return 0;
}

}  // namespace intake
