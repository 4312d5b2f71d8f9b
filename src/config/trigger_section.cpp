#include "config/sections.hpp"
#include "intake/filter/filter_error.hpp"
#include "intake/filter/trigger_index.hpp"

namespace intake::config_detail {
namespace {

// A fragment written as YAML, or as a JSON string (OpenFn v1 stored criteria as JSON text).
nlohmann::json read_fragment(const YamlReader& reader, const YAML::Node& node,
                             const std::string& path) {
  if (node.IsScalar() && node.Tag() == "!") {
    const std::string text = reader.string(node, path);
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or a number beyond a double
      reader.fail(node, path, std::string("not valid JSON: ") + e.what());
    }
  }
  return reader.to_json(node, path);
}

std::vector<std::string> read_job_list(const YamlReader& reader, const YAML::Node& entry,
                                       const std::string& path, const Config& config) {
  const YAML::Node node = entry["jobs"];
  if (!node) reader.fail(entry, path, "missing `jobs` (the jobs this trigger starts)");
  std::vector<std::string> jobs;
  const std::string jobs_path = child_path(path, "jobs");
  if (node.IsScalar()) {
    jobs.push_back(reader.string(node, jobs_path));
  } else {
    reader.expect_sequence(node, jobs_path);
    for (std::size_t i = 0; i < node.size(); ++i) {
      jobs.push_back(reader.string(node[i], index_path(jobs_path, i)));
    }
  }
  if (jobs.empty()) reader.fail(node, jobs_path, "lists no job");
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!config.jobs.count(jobs[i])) {
      reader.fail(node.IsScalar() ? node : node[i],
                  node.IsScalar() ? jobs_path : index_path(jobs_path, i),
                  "no job named '" + jobs[i] + "' under `jobs:`");
    }
  }
  return jobs;
}

}  // namespace

YAML::Node locate(const YAML::Node& node, std::string_view pointer) {
  YAML::Node current = node;
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    std::size_t slash = pointer.find('/', start);
    std::string token(
        pointer.substr(start, slash == std::string_view::npos ? pointer.npos : slash - start));
    for (std::size_t p; (p = token.find("~1")) != std::string::npos;) token.replace(p, 2, "/");
    for (std::size_t p; (p = token.find("~0")) != std::string::npos;) token.replace(p, 2, "~");
    YAML::Node next;
    if (current.IsMap()) {
      for (auto it = current.begin(); it != current.end(); ++it) {
        if (it->first.as<std::string>() == token) next = it->second;
      }
    } else if (current.IsSequence()) {
      try {
        std::size_t index = std::stoul(token);
        if (index < current.size()) next = current[index];
      } catch (const std::exception&) {
      }
    }
    if (!next.IsDefined()) break;
    current = next;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return current;
}

std::vector<TriggerConfig> read_triggers(const YamlReader& reader, const YAML::Node& node,
                                         const Config& config) {
  std::vector<TriggerConfig> triggers;
  if (node.IsNull()) return triggers;
  reader.expect_map(node, "triggers");
  reader.reject_duplicate_keys(node, "triggers");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const std::string path = child_path("triggers", name);
    const YAML::Node entry = it->second;
    reader.expect_map(entry, path);
    TriggerConfig trigger;
    trigger.name = name;
    const std::string type = entry["type"] ? reader.string(entry["type"], child_path(path, "type"))
                                           : std::string("message");
    if (auto n = entry["enabled"]) trigger.enabled = reader.boolean(n, child_path(path, "enabled"));
    if (type == "message") {
      trigger.type = TriggerType::message;
      reader.allow_keys(entry, path, {"type", "inbox", "criteria", "exclude", "jobs", "enabled"});
      if (auto n = entry["inbox"]) {
        trigger.inbox = reader.string(n, child_path(path, "inbox"));
        if (!config.inboxes.count(*trigger.inbox)) {
          reader.fail(n, child_path(path, "inbox"),
                      "no inbox named '" + *trigger.inbox + "' under `inboxes:`");
        }
      }
      if (!entry["criteria"]) {
        reader.fail(
            entry, path,
            "missing `criteria` (a JSON fragment such as {form: {\"@name\": Registration}}; "
            "{} matches every JSON object)");
      }
      trigger.criteria = read_fragment(reader, entry["criteria"], child_path(path, "criteria"));
      if (auto n = entry["exclude"]) {
        const std::string exclude_path = child_path(path, "exclude");
        if (n.IsSequence()) {
          for (std::size_t i = 0; i < n.size(); ++i) {
            trigger.exclude.push_back(read_fragment(reader, n[i], index_path(exclude_path, i)));
          }
        } else if (!n.IsNull()) {
          trigger.exclude.push_back(read_fragment(reader, n, exclude_path));
        }
      }
    } else if (type == "cron") {
      trigger.type = TriggerType::cron;
      reader.allow_keys(entry, path, {"type", "cron", "timezone", "jobs", "enabled"});
      if (!entry["cron"])
        reader.fail(entry, path, "missing `cron` (e.g. \"0 * * * *\" or @hourly)");
      try {
        trigger.cron =
            CronExpression::parse(reader.string(entry["cron"], child_path(path, "cron")));
      } catch (const std::invalid_argument& e) {
        reader.fail(entry["cron"], child_path(path, "cron"),
                    std::string("invalid cron expression: ") + e.what());
      }
      if (auto n = entry["timezone"]) {
        trigger.timezone = reader.string(n, child_path(path, "timezone"));
        // Read now, so a missing or corrupt zone file is a config error, not a scheduler one.
        try {
          auto zone = TimeZone::load(trigger.timezone);
          if (!zone->is_utc()) trigger.zone = std::move(zone);
        } catch (const std::runtime_error& e) {
          reader.fail(n, child_path(path, "timezone"),
                      std::string(e.what()) + "; use an IANA name such as Africa/Nairobi, or UTC");
        }
      }
    } else if (type == "flow") {
      trigger.type = TriggerType::flow;
      reader.allow_keys(entry, path, {"type", "after", "on", "jobs", "enabled"});
      if (!entry["after"])
        reader.fail(entry, path, "missing `after` (the job whose end starts this flow)");
      trigger.after = reader.string(entry["after"], child_path(path, "after"));
      if (!config.jobs.count(trigger.after)) {
        reader.fail(entry["after"], child_path(path, "after"),
                    "no job named '" + trigger.after + "' under `jobs:`");
      }
      if (auto n = entry["on"]) {
        const std::string on = reader.string(n, child_path(path, "on"));
        if (on != "success" && on != "failure") {
          reader.fail(n, child_path(path, "on"), "expected success or failure, found '" + on + "'");
        }
        trigger.on_success = on == "success";
      }
    } else {
      reader.fail(entry["type"], child_path(path, "type"),
                  "unknown trigger type '" + type + "' (expected message, cron or flow)");
    }
    trigger.jobs = read_job_list(reader, entry, path, config);
    if (trigger.type == TriggerType::flow) {
      for (const auto& job : trigger.jobs) {
        if (job == trigger.after) {
          reader.fail(entry["jobs"], child_path(path, "jobs"),
                      "a flow cannot start the job it follows ('" + job + "'): that would loop");
        }
      }
    }
    triggers.push_back(std::move(trigger));
  }
  return triggers;
}

void compile_message_triggers(const YamlReader& reader, const YAML::Node& node, Config& config) {
  std::vector<filter::Trigger> compiled;
  for (const auto& trigger : config.triggers) {
    if (trigger.type != TriggerType::message) continue;
    const std::string path = child_path("triggers", trigger.name);
    const YAML::Node entry = node[trigger.name];
    auto compile = [&](const nlohmann::json& fragment, const YAML::Node& at,
                       const std::string& where) {
      try {
        return filter::CompiledFragment::compile(fragment);
      } catch (const filter::FilterCompileError& e) {
        std::string key_path = where;
        for (char c : e.pointer()) key_path += c == '/' ? '.' : c;
        const YAML::Node located = at.IsScalar() ? at : locate(at, e.pointer());
        reader.fail(located, key_path, e.message());
      }
    };
    filter::Trigger item{trigger.name,
                         trigger.inbox,
                         compile(trigger.criteria, entry["criteria"], child_path(path, "criteria")),
                         {},
                         trigger.enabled};
    const YAML::Node exclude = entry["exclude"];
    for (std::size_t i = 0; i < trigger.exclude.size(); ++i) {
      const YAML::Node at = exclude.IsSequence() ? exclude[i] : exclude;
      const std::string where = exclude.IsSequence() ? index_path(child_path(path, "exclude"), i)
                                                     : child_path(path, "exclude");
      item.exclusions.push_back(compile(trigger.exclude[i], at, where));
    }
    compiled.push_back(std::move(item));
  }
  config.message_triggers = std::make_shared<const filter::TriggerIndex>(std::move(compiled));
}

}  // namespace intake::config_detail
