#pragma once
// Small helpers shared by the mapping tests: a run state around some data, and the problems of a
// template that must not compile.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "intake/mapping/each_template.hpp"
#include "intake/mapping/template.hpp"

namespace intake::mapping::test {

// The state a run sees (jobs/handler.hpp), with `data` as given.
inline nlohmann::json state_with(nlohmann::json data) {
  return {{"data", std::move(data)},
          {"request",
           {{"headers", {{"content-type", "application/json"}}},
            {"query", {{"app_id", "abc"}}},
            {"path", "/inbox/commcare"}}},
          {"references", nlohmann::json::array()}};
}

inline nlohmann::json render(const nlohmann::json& source, const nlohmann::json& state) {
  return Template::compile(source).render(state);
}

// The problems compile() reports; fails the test when it compiles.
inline std::vector<TemplateProblem> problems_of(const nlohmann::json& source) {
  try {
    Template::compile(source);
  } catch (const TemplateError& e) {
    return e.problems();
  }
  ADD_FAILURE() << source.dump() << " compiled";
  return {};
}

// The error render() throws; fails the test when it renders.
template <typename Render>
MappingError render_error(Render&& render) {
  try {
    render();
  } catch (const MappingError& e) {
    return e;
  }
  ADD_FAILURE() << "rendered without an error";
  return MappingError(MappingError::Kind::missing, "", "", "");
}

}  // namespace intake::mapping::test
