#pragma once

#include <string>

namespace intake {

// `intake serve`: loads the config, opens the store, serves until SIGTERM/SIGINT; SIGHUP
// reloads the config. Returns the process exit status.
int serve(const std::string& config_path);

}  // namespace intake
