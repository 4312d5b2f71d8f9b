#pragma once
// The two ways a mapping fails: a template that cannot be compiled (found when the config loads)
// and a render that cannot complete (found when a run starts; the run fails permanently, since
// retrying with the same state gives the same result).

#include <stdexcept>
#include <string>
#include <vector>

namespace intake::mapping {

struct TemplateProblem {
  std::string where;    // JSON pointer inside the compiled value ("" = the value itself)
  std::string message;  // what is wrong, quoting the placeholder
};

// Thrown by compile() with every problem found, so one `intake check` reports them all.
// what() = "<where>: <message>" for each problem, joined with "; ".
class TemplateError : public std::runtime_error {
 public:
  explicit TemplateError(std::vector<TemplateProblem> problems);
  const std::vector<TemplateProblem>& problems() const { return problems_; }

 private:
  std::vector<TemplateProblem> problems_;
};

// Thrown by render(). what() = "<where>: <detail>", e.g.
// "/body/age: /data/form/age is missing (/data/form has no "age"); ...".
class MappingError : public std::runtime_error {
 public:
  enum class Kind {
    missing,     // a placeholder's or each's path is not in the state and there is no default
    not_a_list,  // each's path holds a string, number or boolean; or null, with no default
  };

  MappingError(Kind kind, std::string where, std::string path, const std::string& detail);

  Kind kind() const { return kind_; }
  // JSON pointer inside the template's source: where the failing placeholder (or each) is.
  const std::string& where() const { return where_; }
  // The state pointer that failed, as written: "/data/form/age".
  const std::string& path() const { return path_; }

 private:
  Kind kind_;
  std::string where_;
  std::string path_;
};

}  // namespace intake::mapping
