#include <algorithm>

#include "config/sections.hpp"
#include "intake/jobs/handler.hpp"

namespace intake::config_detail {
namespace {

RetryPolicy read_retry(const YamlReader& reader, const YAML::Node& node, const std::string& path) {
  RetryPolicy retry;
  reader.expect_map(node, path);
  reader.allow_keys(node, path, {"max_attempts", "initial", "multiplier", "max"});
  if (auto n = node["max_attempts"]) {
    retry.max_attempts =
        static_cast<int>(reader.integer(n, child_path(path, "max_attempts"), 1, 100));
  }
  if (auto n = node["initial"]) retry.initial = reader.duration(n, child_path(path, "initial"));
  if (auto n = node["max"]) retry.max = reader.duration(n, child_path(path, "max"));
  if (auto n = node["multiplier"]) {
    const std::string text = reader.string(n, child_path(path, "multiplier"));
    try {
      std::size_t used = 0;
      retry.multiplier = std::stod(text, &used);
      if (used != text.size()) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      reader.fail(n, child_path(path, "multiplier"), "expected a number such as 2 or 1.5");
    }
    if (retry.multiplier < 1.0 || retry.multiplier > 100.0) {
      reader.fail(n, child_path(path, "multiplier"), "must be between 1 and 100");
    }
  }
  if (retry.max < retry.initial) {
    reader.fail(node, path, "`max` must not be shorter than `initial`");
  }
  return retry;
}

}  // namespace

std::map<std::string, JobConfig> read_jobs(
    const YamlReader& reader, const YAML::Node& node,
    const std::map<std::string, CredentialConfig>& credentials) {
  std::map<std::string, JobConfig> jobs;
  if (node.IsNull()) return jobs;
  reader.expect_map(node, "jobs");
  reader.reject_duplicate_keys(node, "jobs");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const std::string path = child_path("jobs", name);
    const YAML::Node entry = it->second;
    reader.expect_map(entry, path);
    reader.allow_keys(
        entry, path,
        {"handler", "credential", "params", "retry", "concurrency", "order_by", "batch"});
    JobConfig job;
    job.name = name;
    if (!entry["handler"]) reader.fail(entry, path, "missing `handler` (e.g. log, http.request)");
    job.handler = reader.string(entry["handler"], child_path(path, "handler"));
    const jobs::HandlerSpec* spec = jobs::find_handler_spec(job.handler);
    if (!spec) {
      std::string known;
      for (const auto& s : jobs::handler_specs()) known += (known.empty() ? "" : ", ") + s.name;
      reader.fail(entry["handler"], child_path(path, "handler"),
                  "unknown handler '" + job.handler + "' (known: " + known + ")");
    }
    if (auto n = entry["credential"]) {
      job.credential = reader.string(n, child_path(path, "credential"));
      if (!credentials.count(job.credential)) {
        reader.fail(n, child_path(path, "credential"),
                    "no credential named '" + job.credential + "' under `credentials:`");
      }
    } else if (spec->needs_credential) {
      reader.fail(entry, path, "handler " + job.handler + " needs a `credential`");
    }
    if (auto n = entry["params"]) {
      job.params = reader.to_json(n, child_path(path, "params"));
      if (job.params.is_null()) job.params = nlohmann::json::object();
    }
    if (!job.credential.empty() && !spec->credential_types.empty()) {
      const std::string& type = credentials.at(job.credential).type;
      if (std::find(spec->credential_types.begin(), spec->credential_types.end(), type) ==
          spec->credential_types.end()) {
        reader.fail(entry["credential"], child_path(path, "credential"),
                    "handler " + job.handler + " cannot use a credential of type '" + type + "'");
      }
    }
    try {
      job.compiled = spec->create(job);
    } catch (const jobs::ParamError& error) {
      // Reported one at a time like every config error, at the line the first problem points at.
      const jobs::ParamProblem& problem = error.problems().front();
      const YAML::Node params_node = entry["params"];
      const YAML::Node at = params_node ? locate(params_node, problem.pointer) : entry;
      std::string where = child_path(path, "params");
      for (char c : problem.pointer) where += c == '/' ? '.' : c;
      reader.fail(at, where, problem.message);
    }
    if (auto n = entry["retry"]) job.retry = read_retry(reader, n, child_path(path, "retry"));
    if (auto n = entry["concurrency"]) {
      job.concurrency =
          static_cast<int>(reader.integer(n, child_path(path, "concurrency"), 1, 10'000));
    }
    if (auto n = entry["batch"]) {
      const std::string where = child_path(path, "batch");
      if (spec->max_batch_items == 0) {
        reader.fail(n, where,
                    "handler " + job.handler + " runs one message at a time (no `batch:`)");
      }
      reader.expect_map(n, where);
      reader.allow_keys(n, where, {"max_items", "max_wait"});
      BatchPolicy batch;
      batch.max_items = std::min(batch.max_items, spec->max_batch_items);
      if (auto items = n["max_items"]) {
        batch.max_items = static_cast<std::size_t>(
            reader.integer(items, child_path(where, "max_items"), 1,
                           static_cast<std::int64_t>(spec->max_batch_items)));
      }
      if (auto wait = n["max_wait"])
        batch.max_wait = reader.duration(wait, child_path(where, "max_wait"));
      job.batch = batch;
    }
    if (auto n = entry["order_by"]) {
      job.order_by = reader.string(n, child_path(path, "order_by"));
      try {
        nlohmann::json::json_pointer checked(job.order_by);
      } catch (const nlohmann::json::exception&) {
        reader.fail(n, child_path(path, "order_by"),
                    "must be a JSON pointer such as /data/case_id");
      }
    }
    jobs.emplace(name, std::move(job));
  }
  return jobs;
}

}  // namespace intake::config_detail
