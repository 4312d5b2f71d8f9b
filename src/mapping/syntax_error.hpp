#pragma once
// Thrown inside the compiler by the parsers; the compiler turns it into a TemplateProblem with the
// place in the source, so the parsers need not know where they are.

#include <stdexcept>

namespace intake::mapping::detail {

class SyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace intake::mapping::detail
