#pragma once
// Seeds the emulator from the shared fixtures (../shared/fixtures): Form API objects and
// forwarded cases, moved into the emulator's first project.

#include <filesystem>

#include "emulator/state.hpp"

namespace intake::emulator {

// Throws std::runtime_error when the folder or a fixture cannot be read.
void seed_from_fixtures(State& state, const std::filesystem::path& dir);

}  // namespace intake::emulator
