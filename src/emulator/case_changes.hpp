#pragma once
// Case API v2 write bodies → case changes, validated and resolved as HQ does
// (corehq/apps/hqcase/api/updates.py): field checks, string-only properties, XML-name rules,
// index ids, create / update / upsert by external_id, temporary ids within one request.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/case_store.hpp"

namespace intake::emulator {

enum class WriteKind { create, update, upsert };

struct CaseWrite {
  WriteKind kind = WriteKind::create;
  nlohmann::json data;  // the item as sent, less "create"
};

// Reads one item. `bulk` items carry "create": true | false | null/absent (upsert by
// external_id). Returns an error message, or nullopt when the item is valid.
std::optional<std::string> read_case_write(nlohmann::json item, bool bulk,
                                           std::optional<WriteKind> fixed_kind, CaseWrite& out);

struct ResolvedWrites {
  std::vector<CaseChange> changes;
  std::string error;             // a request error (400 {"error"})
  std::string processing_error;  // found when "processing the form" (400 {"error","form_id"})
};

// Resolves ids (new uuids, external ids, temporary ids, index targets) against the store.
ResolvedWrites resolve_case_writes(const std::vector<CaseWrite>& writes, const CaseStore& store,
                                   const std::string& domain, const std::string& user_id);

}  // namespace intake::emulator
