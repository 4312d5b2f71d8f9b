#!/usr/bin/env bash
# Runs per second through intake's durable run queue: a no-op handler, and http.request posting
# to a local nginx (`return 200`). Builds Release in build-bench/. Loopback only; bounded.
#   bench/runs_bench.sh            # prints Google Benchmark results (runs_per_s counters)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build-bench"
TMP=$(mktemp -d)
cleanup() { [[ -f "$TMP/nginx.pid" ]] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DINTAKE_BUILD_TESTS=OFF -DINTAKE_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target runs_bench >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$TMP/logs" "$TMP/tmp"
cat >"$TMP/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / { default_type application/json; return 200 '{"ok":true}'; }
  }
}
CONF
nginx -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/logs/error.log"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_HTTP_URL="http://127.0.0.1:$port/hook" "$BUILD/bench/runs_bench" "$@"
