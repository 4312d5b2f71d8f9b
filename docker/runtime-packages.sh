#!/usr/bin/env bash
# Prints the Debian packages that hold the shared libraries the given binaries load (ldd), one
# a line, for the runtime image to install. Fails when a library is not found or not packaged,
# so a new dependency (e.g. libzip for the emulator) can never be left out of the image silently.
set -euo pipefail
libs=()
for binary in "$@"; do
  listing=$(ldd "$binary")
  if grep -q 'not found' <<<"$listing"; then
    echo "runtime-packages: $binary: $(grep 'not found' <<<"$listing" | xargs)" >&2
    exit 1
  fi
  while read -r lib; do libs+=("$lib"); done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 }' <<<"$listing")
done
packages=()
for lib in "${libs[@]}"; do
  # usrmerge: dpkg may know a library under /lib or under /usr/lib.
  real=$(readlink -f "$lib")
  owner=$(dpkg-query -S "$lib" 2>/dev/null || dpkg-query -S "$real" 2>/dev/null ||
          dpkg-query -S "/usr$lib" 2>/dev/null || dpkg-query -S "/usr$real" 2>/dev/null) || {
    echo "runtime-packages: no Debian package holds $lib" >&2
    exit 1
  }
  packages+=("${owner%%:*}")
done
printf '%s\n' "${packages[@]}" | sort -u
