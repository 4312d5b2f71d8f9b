#!/usr/bin/env bash
# Set up (Debian packages), build intake, and start it on config/intake.yaml with its embedded
# SQLite store under ./data. Stop it with Ctrl-C (SIGINT) or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${INTAKE_CONFIG:-config/intake.yaml}
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target intake
mkdir -p data
exec ./build/intake serve --config "$config"
