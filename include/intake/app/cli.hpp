#pragma once

namespace intake {

// The `intake` command line: serve, check, match, ... Returns the process exit status.
int run_cli(int argc, char** argv);

}  // namespace intake
