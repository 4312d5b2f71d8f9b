#pragma once
// The state a handler sees, built from what the store handed over with the claimed run.

#include <string>

#include <nlohmann/json.hpp>

#include "intake/jobs/run.hpp"

namespace intake::jobs {

// {"data", "request": {"headers", "query", "path"}, "references": [...]} (+ "error" for catch
// runs). Throws std::runtime_error when stored JSON cannot be read (a permanent failure).
nlohmann::json build_state(const ClaimedRun& run);

// Message runs: message id + job (stable across attempts and duplicate deliveries); other runs:
// run id + job.
std::string idempotency_key(const ClaimedRun& run);

}  // namespace intake::jobs
