#include "random_json.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace intake::filter::test {
namespace {

using nlohmann::json;

// No key starts with '$': those are operators in compiled fragments but plain keys in PG.
const std::array<const char*, 14> key_pool{"a",     "b",         "c", "form",    "@xmlns",
                                           "@name", "case_type", "é", "e\u0301", "a/b",
                                           "t~1",   "x y",       "",  "日本"};
const std::array<const char*, 16> text_pool{"a",
                                            "b",
                                            "A",
                                            "\u00e9",
                                            "e\u0301",
                                            "😀",
                                            "日本語",
                                            "quote\"",
                                            "back\\slash",
                                            "new\nline",
                                            "tab\t",
                                            "\u0001ctl",
                                            "",
                                            "true",
                                            "1",
                                            "http://openrosa.org/formdesigner/X"};

}  // namespace

json RandomJson::document() {
  const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
  if (roll < 0.8) {
    json object = json::object();
    const std::size_t size = below(6);
    for (std::size_t i = 0; i < size; ++i) object[key()] = value(1);
    return object;
  }
  if (roll < 0.9) {
    json array = json::array();
    const std::size_t size = below(5);
    for (std::size_t i = 0; i < size; ++i) array.push_back(value(1));
    return array;
  }
  return scalar();
}

json RandomJson::value(int depth) {
  const double container = depth >= 4 ? 0.0 : 0.45;
  if (!chance(container)) return scalar();
  const std::size_t size = below(5);
  if (chance(0.55)) {
    json object = json::object();
    for (std::size_t i = 0; i < size; ++i) object[key()] = value(depth + 1);
    return object;
  }
  json array = json::array();
  for (std::size_t i = 0; i < size; ++i) array.push_back(value(depth + 1));
  return array;
}

json RandomJson::scalar() {
  switch (below(6)) {
    case 0:
      return nullptr;
    case 1:
      return chance(0.5);
    case 2:
    case 3:
      return number();
    default:
      return text();
  }
}

json RandomJson::number() {
  switch (below(7)) {
    case 0:
    case 1:
      return static_cast<std::int64_t>(below(7)) - 3;  // small integers collide often
    case 2:
      return static_cast<double>(static_cast<std::int64_t>(below(13)) - 6) / 4.0;  // 1.5, 1.0 …
    case 3:
      return static_cast<double>(static_cast<std::int64_t>(below(2001)) - 1000) / 100.0;
    case 4: {
      // Integers around the edges of double and int64 precision.
      const std::array<std::int64_t, 6> edges{9007199254740992LL,
                                              9007199254740993LL,
                                              std::numeric_limits<std::int64_t>::max(),
                                              std::numeric_limits<std::int64_t>::min(),
                                              -9007199254740993LL,
                                              1000000000000LL};
      return edges[below(edges.size())];
    }
    case 5: {
      const std::array<std::uint64_t, 3> edges{std::numeric_limits<std::uint64_t>::max(),
                                               9223372036854775808ULL, 18446744073709551614ULL};
      return edges[below(edges.size())];
    }
    default:
      return static_cast<std::int64_t>(below(1000000));
  }
}

std::string RandomJson::text() {
  if (chance(0.8)) return text_pool[below(text_pool.size())];
  std::string out;
  const std::size_t size = below(4);
  for (std::size_t i = 0; i < size; ++i) out += text_pool[below(text_pool.size())];
  return out;
}

std::string RandomJson::key() { return key_pool[below(key_pool.size())]; }

json RandomJson::fragment_of(const json& doc) {
  if (chance(0.05)) return document();
  return derive(doc, true);
}

json RandomJson::derive(const json& doc, bool at_root) {
  if (chance(0.04)) return value(2);  // unrelated
  if (doc.is_object()) {
    if (chance(0.04)) return json::array();  // wrong container kind
    json out = json::object();
    for (const auto& [k, v] : doc.items()) {
      if (chance(0.6)) out[k] = derive(v, false);
    }
    if (chance(0.1)) out[key()] = scalar();  // often a key the document lacks
    return out;
  }
  if (doc.is_array()) {
    if (chance(0.04)) return json::object();
    if (!doc.empty() && chance(at_root ? 0.25 : 0.05)) {
      return derive(doc[below(doc.size())], false);  // bare element: only the root allows it
    }
    json out = json::array();
    const std::size_t picks = doc.empty() ? 0 : below(doc.size() + 2);
    for (std::size_t i = 0; i < picks; ++i) out.push_back(derive(doc[below(doc.size())], false));
    if (chance(0.1)) out.push_back(scalar());
    return out;
  }
  if (chance(0.25)) return mutate_scalar(doc);
  if (chance(0.04)) return json::array({doc});  // scalar wrapped in an array
  return doc;
}

json RandomJson::mutate_scalar(const json& value) {
  if (value.is_number_integer()) {
    // Only below 2^53 does the float's JSON text name the same number (PG reads the text).
    const bool small = value.is_number_unsigned() ? value.get<std::uint64_t>() <= (1ULL << 53)
                                                  : (value.get<std::int64_t>() >= -(1LL << 53) &&
                                                     value.get<std::int64_t>() <= (1LL << 53));
    if (chance(0.5) || !small) return value.dump();  // 8 vs "8"
    return value.is_number_unsigned() ? static_cast<double>(value.get<std::uint64_t>())
                                      : static_cast<double>(value.get<std::int64_t>());
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && std::abs(d) < 1e15) {
      return static_cast<std::int64_t>(d);  // 1.0 vs 1
    }
    return d + 0.25;
  }
  if (value.is_boolean()) return chance(0.5) ? json(value.dump()) : json(!value.get<bool>());
  if (value.is_null()) return chance(0.5) ? json("null") : json(false);
  return scalar();
}

}  // namespace intake::filter::test
