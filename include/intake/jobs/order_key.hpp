#pragma once
// A job's `order_by` key for one run: runs of the job with the same key run one at a time.

#include <string>

#include <nlohmann/json.hpp>

#include "intake/config/config.hpp"

namespace intake::jobs {

// "" when the job has no order_by or the pointer finds nothing (such runs are not ordered).
// `state` is the run's state ({"data", "request", ...}).
std::string order_key_for(const JobConfig& job, const nlohmann::json& state);
// The same for a message run, without building its state: `data` is the message's JSON view.
std::string order_key_for_data(const JobConfig& job, const nlohmann::json& data);

}  // namespace intake::jobs
