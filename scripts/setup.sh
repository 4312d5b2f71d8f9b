#!/usr/bin/env bash
# Installs the Debian 12 packages intake needs to build, test and benchmark.
# Idempotent: only missing packages are installed. Runs as root or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git curl ca-certificates
  libboost1.81-dev libboost-url1.81-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libyaml-cpp-dev libpugixml-dev
  libsqlite3-dev sqlite3 libre2-dev libcli11-dev libxlsxwriter-dev libzip-dev libssl-dev zlib1g-dev
  libsimdjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk nginx-light postgresql procps tzdata
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then sudo_cmd=(sudo); fi
echo "setup: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
