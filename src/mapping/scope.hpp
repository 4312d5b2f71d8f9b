#pragma once
// What a template is rendered against: the run's state and, inside `each`, the current element.

#include <cstddef>

#include <nlohmann/json.hpp>

namespace intake::mapping::detail {

struct Scope {
  explicit Scope(const nlohmann::json& state) : state(state) {}
  Scope(const nlohmann::json& state, const nlohmann::json& item, std::size_t index)
      : state(state), item(&item), index(index) {}

  const nlohmann::json& state;
  const nlohmann::json* item = nullptr;  // the current element; null outside `each`
  nlohmann::json index;                  // its position (a number), inside `each`
};

}  // namespace intake::mapping::detail
