#pragma once
// HQ changes cases only through forms: the Case API and the importer generate one form per
// request (or chunk) carrying case blocks. This records such a form and applies its blocks.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/case_store.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

// A case block as the Form API shows it ({"@case_id", "create", "update", ...}).
nlohmann::json case_block_json(const CaseChange& change);

// Stores a generated form (xmlns, device id = the client's User-Agent) with `changes` as its
// case blocks, applies them to the case store, and returns the form id.
std::string submit_generated_form(State& state, const CallContext& call,
                                  const std::vector<CaseChange>& changes, const std::string& xmlns,
                                  const std::string& device_id);

// Stores an error form (a failed generated form) and returns its id; no case changes.
std::string record_error_form(State& state, const CallContext& call, const std::string& xmlns,
                              const std::string& problem);

}  // namespace intake::emulator
