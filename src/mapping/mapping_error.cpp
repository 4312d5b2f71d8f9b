#include "intake/mapping/mapping_error.hpp"

namespace intake::mapping {
namespace {

std::string place(const std::string& where) { return where.empty() ? "(root)" : where; }

std::string join(const std::vector<TemplateProblem>& problems) {
  std::string out;
  for (const auto& problem : problems) {
    if (!out.empty()) out += "; ";
    out += place(problem.where) + ": " + problem.message;
  }
  return out;
}

}  // namespace

TemplateError::TemplateError(std::vector<TemplateProblem> problems)
    : std::runtime_error(join(problems)), problems_(std::move(problems)) {}

MappingError::MappingError(Kind kind, std::string where, std::string path,
                           const std::string& detail)
    : std::runtime_error(place(where) + ": " + detail),
      kind_(kind),
      where_(std::move(where)),
      path_(std::move(path)) {}

}  // namespace intake::mapping
