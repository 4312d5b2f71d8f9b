#pragma once
// Random JSON documents and fragments for the property test. Small pools of keys and values make
// fragments derived from a document match it often, and mutations hit the jsonb corner cases
// (number vs string, 1 vs 1.0, scalar vs array, {} vs [], missing keys, Unicode forms).

#include <cstdint>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace intake::filter::test {

class RandomJson {
 public:
  explicit RandomJson(std::uint64_t seed) : rng_(seed) {}

  // A document: mostly an object at the root, sometimes an array or a scalar.
  nlohmann::json document();

  // A fragment derived from `doc` (kept, dropped, shuffled, duplicated and mutated parts), or now
  // and then an unrelated value.
  nlohmann::json fragment_of(const nlohmann::json& doc);

 private:
  nlohmann::json value(int depth);
  nlohmann::json scalar();
  nlohmann::json number();
  std::string text();
  std::string key();
  nlohmann::json derive(const nlohmann::json& doc, bool at_root);
  nlohmann::json mutate_scalar(const nlohmann::json& value);
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::mt19937_64 rng_;
};

}  // namespace intake::filter::test
