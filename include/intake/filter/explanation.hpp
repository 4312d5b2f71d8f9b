#pragma once
// Why a document does or does not match a fragment: the first reason, as a user can act on it.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "intake/filter/fragment.hpp"

namespace intake::filter {

// The first place where the document fails the fragment.
struct Mismatch {
  std::string path;      // JSON pointer into the document ("" = the root), e.g. "/form/@xmlns"
  std::string expected;  // e.g. "\"http://openrosa.org/formdesigner/X\"", "$gte \"2024-01-01\""
  std::string found;     // a short rendering of the value, or "missing"

  // "/form/@xmlns: expected "X", found "Y"".
  std::string to_string() const;
  nlohmann::json to_json() const;  // {"path":…, "expected":…, "found":…}
};

struct Explanation {
  bool matched = false;
  std::optional<Mismatch> mismatch;  // set exactly when !matched
};

// Agrees with fragment.matches(doc) by construction; finds the first failing key in the
// fragment's key order.
Explanation explain(const CompiledFragment& fragment, const nlohmann::json& doc);

}  // namespace intake::filter
