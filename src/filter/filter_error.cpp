#include "intake/filter/filter_error.hpp"

namespace intake::filter {

FilterCompileError::FilterCompileError(std::string pointer, std::string message)
    : std::runtime_error((pointer.empty() ? std::string("(root)") : pointer) + ": " + message),
      pointer_(std::move(pointer)),
      message_(std::move(message)) {}

}  // namespace intake::filter
