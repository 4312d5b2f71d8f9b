#pragma once
// Plain PostgreSQL `jsonb @>`: the containment rule OpenFn v1 message filters used.

#include <nlohmann/json.hpp>

namespace intake::filter {

// True when `doc @> fragment` in PostgreSQL (manual §8.14.3): objects match as subsets, arrays
// ignore order and duplicates, scalars need the same JSON type and an equal value (numbers by
// value), containers need the same kind, and only at the root may an array contain a bare scalar.
// No operators: a "$gt" key is just a key here (see CompiledFragment for operators).
bool jsonb_contains(const nlohmann::json& doc, const nlohmann::json& fragment);

}  // namespace intake::filter
