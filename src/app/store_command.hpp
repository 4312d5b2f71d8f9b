#pragma once
// What the commands that read the store share: the config (no secrets needed), the store opened
// read-only, and one way to report errors and exit.

#include <functional>
#include <string>
#include <string_view>

#include "intake/config/config.hpp"
#include "intake/store/store_reader.hpp"

namespace intake::inspect {

// Loads `config_path`, opens its storage.path read-only and returns `body`'s exit status.
// Errors go to stderr: an unreadable or invalid config exits 2; a missing store, one that cannot
// be read, or a read that fails inside `body` exits 1.
int with_store(const std::string& config_path, std::string_view command,
               const std::function<int(const Config&, StoreReader&)>& body);

}  // namespace intake::inspect
