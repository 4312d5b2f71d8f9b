#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <vector>

#include "app/secretless_config.hpp"
#include "intake/app/commands.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/filter/trigger_index.hpp"
#include "intake/ingest/body_decoder.hpp"

namespace intake {
namespace {

std::optional<std::string> read_payload(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {  // an ifstream reads a directory as empty
    errno = EISDIR;
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string jobs_of(const Config& config, const std::string& trigger_name) {
  const TriggerConfig* trigger = config.find_trigger(trigger_name);
  if (!trigger) return "";
  std::string jobs;
  for (const auto& job : trigger->jobs) jobs += (jobs.empty() ? "" : ", ") + job;
  return jobs;
}

}  // namespace

int match_command(const MatchOptions& options) {
  Config config;
  try {
    config = load_config_without_secrets(options.config_path, "match");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  std::string inbox;
  if (options.inbox) {
    if (!config.find_inbox(*options.inbox)) {
      std::cerr << "error: no inbox named '" << *options.inbox << "' in " << options.config_path
                << "\n";
      return 2;
    }
    inbox = *options.inbox;
  } else if (config.inboxes.size() == 1) {
    inbox = config.inboxes.begin()->first;
  } else {
    std::cerr << "error: the config has " << config.inboxes.size()
              << " inboxes: say which one receives the payload with --inbox NAME\n";
    return 2;
  }

  errno = 0;
  auto payload = read_payload(options.payload_path);
  if (!payload) {
    const int error = errno;
    std::cerr << "error: cannot read " << options.payload_path;
    if (error != 0) std::cerr << ": " << std::strerror(error);
    std::cerr << " (PAYLOAD is a file path, or - for standard input)\n";
    return 2;
  }
  BodyFormat format = BodyFormat::json;  // without --content-type: XML if it starts with '<'
  if (options.content_type) {
    format = classify_content_type(*options.content_type, *payload);
  } else if (payload->find_first_not_of(" \t\r\n") != std::string::npos &&
             (*payload)[payload->find_first_not_of(" \t\r\n")] == '<') {
    format = BodyFormat::xml;
  }
  if (format == BodyFormat::unsupported) {
    std::cerr << "error: --content-type " << *options.content_type
              << " is not one intake accepts (application/json, text/xml, text/plain)\n";
    return 2;
  }
  DecodedBody decoded = decode_body(format, *payload);
  if (!decoded.ok) {
    std::cerr << "error: " << options.payload_path << ":" << decoded.line << ":" << decoded.column
              << ": " << decoded.error << "\n";
    return 2;
  }

  const auto verdicts = config.message_triggers->explain_all(inbox, decoded.view);
  bool any = false;
  for (const auto& verdict : verdicts) any |= verdict.matched();
  if (options.json) {
    nlohmann::json out{{"inbox", inbox}, {"matched", any}, {"triggers", nlohmann::json::array()}};
    for (const auto& verdict : verdicts) {
      nlohmann::json item = verdict.to_json();
      if (verdict.matched()) item["jobs"] = config.find_trigger(verdict.name)->jobs;
      out["triggers"].push_back(std::move(item));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "inbox " << inbox << ": " << verdicts.size() << " message trigger(s)\n";
    for (const auto& verdict : verdicts) {
      std::cout << (verdict.matched() ? "  MATCH    " : "  no       ") << verdict.to_string();
      if (verdict.matched()) std::cout << " -> jobs: " << jobs_of(config, verdict.name);
      std::cout << "\n";
    }
    if (verdicts.empty()) std::cout << "  (no message triggers in this config)\n";
  }
  return any ? 0 : 1;
}

}  // namespace intake
