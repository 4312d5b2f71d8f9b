#include "intake/jobs/order_key.hpp"

namespace intake::jobs {
namespace {

std::string key_from(const JobConfig& job, const nlohmann::json& root, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer at(pointer);
    if (!root.contains(at)) return {};
    // The job's name keeps two jobs ordered by the same value from waiting on each other.
    return job.name + '\x1f' +
           root.at(at).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

}  // namespace

std::string order_key_for(const JobConfig& job, const nlohmann::json& state) {
  if (job.order_by.empty()) return {};
  return key_from(job, state, job.order_by);
}

std::string order_key_for_data(const JobConfig& job, const nlohmann::json& data) {
  if (job.order_by.empty()) return {};
  constexpr std::string_view kData = "/data";
  const std::string& pointer = job.order_by;
  if (pointer == kData) return key_from(job, data, "");
  if (pointer.rfind("/data/", 0) == 0) return key_from(job, data, pointer.substr(kData.size()));
  return key_from(job, nlohmann::json{{"data", data}}, pointer);
}

}  // namespace intake::jobs
