#!/usr/bin/env bash
# Ingest benchmark for intake (issue 2, "Benchmark"): wrk POSTs real CommCare payloads at
# 64 connections to a durable intake (durability: full, access_log on) and, in the same run and
# with the same wrk script and payload, to nginx `return 202` as a baseline.
#
#   bench/ingest_bench.sh                     # both payloads, 15 s per measured run
#   DURATION=10 PAYLOADS=case bench/ingest_bench.sh
#
# Settings (environment):
#   DURATION=15       seconds of each measured wrk run (fixed -d: the script is bounded)
#   WARMUP=3          seconds of the warm-up wrk run before each measured run
#   CONNECTIONS=64    wrk -c
#   THREADS=2         wrk -t
#   PAYLOADS="case form"   which fixtures to send (case: ~2.4 KB case, form: ~20 KB form)
#   FIXTURES=/work/shared/fixtures/openfn
#   BUILD_DIR=build-bench  (relative to the repository; the Release build goes there)
#   BENCH_TMPDIR=$BUILD_DIR   where the temporary store/config/logs go. It must be a real disk
#                   (not tmpfs), or fsync costs nothing and durability figures mean nothing.
#   KEEP_TMP=0        1: keep the temporary directory (stores, logs) for inspection
#   RESULTS_FILE=     also append the result table to this file
#   CEILING=1         also measure each server's HTTP layer alone: plain GETs (intake's /healthz,
#                     nginx's `return 202`), no body and nothing stored, with the same wrk
#                     settings. It shows how much of the ratio the HTTP stack itself sets.
#
# Everything talks to 127.0.0.1 only. Every process the script starts (intake, nginx, the RSS
# sampler) is stopped on exit by a trap. wrk and the servers share the same cores: on a 2-core
# machine wrk itself takes a large share of the CPU, for intake and nginx alike.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PAYLOADS=${PAYLOADS:-"case form"}
FIXTURES=${FIXTURES:-/work/shared/fixtures/openfn}
BUILD_DIR=${BUILD_DIR:-build-bench}
[[ $BUILD_DIR = /* ]] || BUILD_DIR="$ROOT/$BUILD_DIR"
BENCH_TMPDIR=${BENCH_TMPDIR:-$BUILD_DIR}
KEEP_TMP=${KEEP_TMP:-0}
RESULTS_FILE=${RESULTS_FILE:-}
CEILING=${CEILING:-1}
LUA="$ROOT/bench/wrk_post.lua"
INTAKE="$BUILD_DIR/intake"

declare -A FIXTURE_FILE=(
  [case]="$FIXTURES/commcare-case-patient.miraclefeet.json"
  [form]="$FIXTURES/commcare-form-log-visit-details.miraclefeet.json"
)

die() { echo "ingest_bench: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

for tool in wrk nginx sqlite3 curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is not installed (used to measure wrk's own CPU)"
[[ $DURATION =~ ^[0-9]+$ && $WARMUP =~ ^[0-9]+$ ]] || die "DURATION and WARMUP are whole seconds"

# ---------------------------------------------------------------- processes and cleanup
STARTED_PIDS=()
TMP=""
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
  if [[ -n $TMP && -d $TMP ]]; then
    if [[ $KEEP_TMP = 1 ]]; then note "kept $TMP"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stops one process this script started (SIGTERM, then SIGKILL after 10 s) and forgets it.
stop_pid() {
  local pid=$1 kept=() p
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [[ $p = "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]+"${kept[@]}"}")
}

free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port from $1"
}

wait_http() {  # url, pid
  for _ in $(seq 100); do
    kill -0 "$2" 2>/dev/null || return 1
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  return 1
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# user+system CPU seconds a process has used so far
cpu_seconds() {
  local tck; tck=$(getconf CLK_TCK)
  awk -v t="$tck" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / t }' "/proc/$1/stat"
}
children() { ps -o pid= --ppid "$1" | tr -d ' '; }
sum_over() {  # function, key-or-empty, pids...
  local fn=$1 key=$2 total=0 pid v; shift 2
  for pid in "$@"; do
    if [[ -n $key ]]; then v=$($fn "$pid" "$key"); else v=$($fn "$pid"); fi
    total=$(awk -v a="$total" -v b="${v:-0}" 'BEGIN { print a + b }')
  done
  echo "$total"
}
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2" | head -1; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
store_rows() {
  sqlite3 "$1" ".timeout 10000" "SELECT count(*) FROM messages" 2>/dev/null | tail -1
}

# ---------------------------------------------------------------- build
if [[ ! -x $INTAKE || ${REBUILD:-0} = 1 ]]; then
  note "building intake (Release) in $BUILD_DIR"
  (cd "$ROOT" && cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DINTAKE_BUILD_TESTS=OFF -DINTAKE_BUILD_BENCH=OFF >/dev/null &&
    ninja -C "$BUILD_DIR" intake) >&2 || die "build failed"
fi
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$BUILD_DIR/CMakeCache.txt" ||
  die "$BUILD_DIR is not a Release build"

mkdir -p "$BENCH_TMPDIR"
TMP=$(mktemp -d "$BENCH_TMPDIR/ingest-bench.XXXXXX")
fs_type=$(df --output=fstype "$TMP" | tail -1)
[[ $fs_type = tmpfs || $fs_type = ramfs ]] &&
  die "$TMP is on $fs_type: fsync would be free; set BENCH_TMPDIR to a directory on a real disk"

# ---------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
DISK_DEV=$(df --output=source "$TMP" | tail -1)
note "machine: $(nproc) CPUs ($CPU_MODEL), $(free -m | awk '/^Mem:/ { print $2 }') MiB RAM"
note "store on $DISK_DEV ($fs_type), $TMP"
note "load average at start: $(load_avg)"
note "wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, measured ${DURATION}s; wrk shares the CPUs with the server"

RUN_TAG=$(( $(date +%s) % 100000 * 100 ))

# Runs wrk: url, payload file, seconds, output file; wrk's own CPU seconds go to <output>.cpu.
# Every run gets its own tag (WRK_RUN_TAG), so its bodies differ from every other run's. Not to
# be called in a subshell (the tag counter would not advance): read the result with wrk_result.
run_wrk() {
  local url=$1 body=$2 seconds=$3 out=$4
  RUN_TAG=$(( RUN_TAG + 1 ))
  WRK_BODY_FILE="$body" WRK_PATH="/${url#http://*/}" WRK_RUN_TAG=$RUN_TAG \
    /usr/bin/time -f '%U %S' -o "$out.cpu" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$LUA" "$url" \
    >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
  grep -q '^BENCH_RESULT' "$out" || die "wrk printed no result: $(cat "$out")"
}
wrk_result() { grep '^BENCH_RESULT' "$1"; }

# The HTTP layer alone: plain GETs (no body, no script), same threads and connections. Records
# req/s, the server's CPU seconds (pids...) and wrk's under key <name>.
measure_get_ceiling() {
  local name=$1 url=$2 out=$3 cpu_before; shift 3
  [[ $CEILING = 1 ]] || return 0
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || die "wrk failed on $url"
  cpu_before=$(sum_over cpu_seconds "" "$@")
  note "$name: GET ceiling, measuring ${DURATION}s"
  /usr/bin/time -f '%U %S' -o "$out.cpu" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$out" 2>&1 ||
    die "wrk failed: $(cat "$out")"
  R[$name.ceiling.rps]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  R[$name.ceiling.requests]=$(awk '/requests in/ { print $1 }' "$out")
  R[$name.ceiling.non2xx]=$(awk '/Non-2xx/ { print $NF }' "$out")
  R[$name.ceiling.cpu_s]=$(awk -v a="$(sum_over cpu_seconds "" "$@")" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')
  R[$name.ceiling.wrk_cpu_s]=$(wrk_cpu "$out")
}
wrk_cpu() { awk '{ printf "%.2f\n", $1 + $2 }' "$1.cpu"; }

# ---------------------------------------------------------------- intake
declare -A R  # results: R[payload.server.key]

bench_intake() {
  local payload=$1 body=$2 dir="$TMP/intake-$1" port pid
  mkdir -p "$dir"
  port=$(free_port 18080)
  cat >"$dir/intake.yaml" <<EOF
# written by bench/ingest_bench.sh: honest settings, as in production
server:
  listen: "127.0.0.1:$port"
  max_body: 10MiB
  access_log: true        # one log line per request
  log_format: text
  log_level: info
storage:
  path: $dir/store/intake.db
  durability: full        # fsync on every commit before the 202
inboxes:
  bench:
    auth: none            # open inbox: no credential check in the figures
    dedupe: sha256        # the default: SHA-256 of the body (bodies are made unique per request)
EOF
  mkdir -p "$dir/store"
  "$INTAKE" serve --config "$dir/intake.yaml" >"$dir/intake.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" "$pid" || die "intake did not start: $(tail -5 "$dir/intake.log")"
  sleep 2
  R[$payload.intake.idle_rss_kb]=$(status_kb "$pid" VmRSS)
  R[$payload.intake.idle_hwm_kb]=$(status_kb "$pid" VmHWM)

  local url="http://127.0.0.1:$port/inbox/bench" result rows_before rows_after cpu_before
  note "intake/$payload: warm-up ${WARMUP}s"
  run_wrk "$url" "$body" "$WARMUP" "$dir/wrk-warmup.txt"
  sleep 1
  rows_before=$(store_rows "$dir/store/intake.db")
  cpu_before=$(cpu_seconds "$pid")
  note "intake/$payload: measuring ${DURATION}s (load average $(load_avg))"
  run_wrk "$url" "$body" "$DURATION" "$dir/wrk.txt"
  result=$(wrk_result "$dir/wrk.txt")
  R[$payload.intake.cpu_s]=$(awk -v a="$(cpu_seconds "$pid")" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')
  sleep 1  # let requests that were in flight when wrk stopped reach the store
  rows_after=$(store_rows "$dir/store/intake.db")
  R[$payload.intake.peak_rss_kb]=$(status_kb "$pid" VmHWM)
  R[$payload.intake.result]=$result
  R[$payload.intake.wrk_cpu_s]=$(wrk_cpu "$dir/wrk.txt")
  R[$payload.intake.rows]=$(( rows_after - rows_before ))
  sleep 2
  R[$payload.intake.after_rss_kb]=$(status_kb "$pid" VmRSS)
  R[$payload.intake.db_mb]=$(du -sm "$dir/store" | cut -f1)
  R[$payload.intake.log_lines]=$(wc -l <"$dir/intake.log")
  if [[ $payload = "${PAYLOADS%% *}" ]]; then
    measure_get_ceiling intake "http://127.0.0.1:$port/healthz" "$dir/wrk-ceiling.txt" "$pid"
  fi
  stop_pid "$pid"
  if [[ $KEEP_TMP != 1 ]]; then rm -rf "$dir/store"; fi  # stores get large (hundreds of MB)
}

# ---------------------------------------------------------------- nginx
bench_nginx() {
  local payload=$1 body=$2 dir="$TMP/nginx-$1" port pid
  mkdir -p "$dir/logs" "$dir/tmp"
  port=$(free_port 18280)
  # `return 202` as the issue asks. nginx answers before reading the body and then reads and
  # discards it (ngx_http_discard_request_body): every byte is still taken off the socket, which
  # keep-alive requires, but it is neither buffered nor parsed. See docs/BENCHMARKS.md.
  cat >"$dir/nginx.conf" <<EOF
# written by bench/ingest_bench.sh
daemon off;
master_process on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $dir/logs/access.log;   # like intake's access log: one line per request
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / {
      client_max_body_size 20m;
      client_body_buffer_size 64k;
      client_body_in_single_buffer on;
      default_type application/json;
      return 202 '{"ok":true}';
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$dir/stdout.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/" "$pid" || die "nginx did not start: $(cat "$dir/logs/error.log")"
  sleep 1
  local url="http://127.0.0.1:$port/inbox/bench" result cpu_before workers
  mapfile -t workers < <(children "$pid")
  R[$payload.nginx.idle_rss_kb]=$(sum_over status_kb VmRSS "$pid" "${workers[@]}")
  note "nginx/$payload: warm-up ${WARMUP}s"
  run_wrk "$url" "$body" "$WARMUP" "$dir/wrk-warmup.txt"
  cpu_before=$(sum_over cpu_seconds "" "$pid" "${workers[@]}")
  note "nginx/$payload: measuring ${DURATION}s (load average $(load_avg))"
  run_wrk "$url" "$body" "$DURATION" "$dir/wrk.txt"
  result=$(wrk_result "$dir/wrk.txt")
  R[$payload.nginx.cpu_s]=$(awk -v a="$(sum_over cpu_seconds "" "$pid" "${workers[@]}")" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')
  R[$payload.nginx.peak_rss_kb]=$(sum_over status_kb VmHWM "$pid" "${workers[@]}")
  R[$payload.nginx.result]=$result
  R[$payload.nginx.wrk_cpu_s]=$(wrk_cpu "$dir/wrk.txt")
  if [[ $payload = "${PAYLOADS%% *}" ]]; then
    measure_get_ceiling nginx "http://127.0.0.1:$port/" "$dir/wrk-ceiling.txt" "$pid" "${workers[@]}"
  fi
  stop_pid "$pid"
}

# ---------------------------------------------------------------- run
for payload in $PAYLOADS; do
  body=${FIXTURE_FILE[$payload]:-}
  [[ -n $body && -r $body ]] || die "unknown payload '$payload' or unreadable fixture '$body'"
  bench_intake "$payload" "$body"
  bench_nginx "$payload" "$body"
done

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
  ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print ok ? "met" : "MISSED" }'; }

report() {
  local p r n rps nrps ratio
  echo
  echo "## ingest_bench $(date -u +%Y-%m-%dT%H:%MZ): wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (warm-up ${WARMUP}s)"
  echo "machine: $(nproc) CPUs, $CPU_MODEL; store on $DISK_DEV ($fs_type); load average at end: $(load_avg)"
  echo
  echo "| payload | server | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | peak RSS MB | idle RSS MB | server CPU s | wrk CPU s | rows stored / acks |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for p in $PAYLOADS; do
    for s in intake nginx; do
      r=${R[$p.$s.result]}
      local errs=$(( $(field connect_err "$r") + $(field read_err "$r") + $(field write_err "$r") + $(field timeout_err "$r") ))
      local rows="n/a"
      if [[ $s = intake ]]; then
        local acks=$(( $(field requests "$r") - $(field non2xx "$r") ))
        rows="${R[$p.intake.rows]} / $acks"
      fi
      local label="$p ($(( $(stat -c %s "${FIXTURE_FILE[$p]}") / 1024 )) KB)"
      echo "| $label | $s | $(field rps "$r") | $(field p50_ms "$r") | $(field p99_ms "$r") | $(field max_ms "$r") | $(field non2xx "$r") | $errs | $(mb "${R[$p.$s.peak_rss_kb]}") | $(mb "${R[$p.$s.idle_rss_kb]}") | ${R[$p.$s.cpu_s]} | ${R[$p.$s.wrk_cpu_s]} | $rows |"
    done
  done
  echo
  for p in $PAYLOADS; do
    rps=$(field rps "${R[$p.intake.result]}")
    nrps=$(field rps "${R[$p.nginx.result]}")
    ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
    echo "- $p: intake/nginx = ${ratio}x; intake RSS idle after load $(mb "${R[$p.intake.after_rss_kb]}") MB;" \
      "store grew to ${R[$p.intake.db_mb]} MB; intake log ${R[$p.intake.log_lines]} lines"
    local acks=$(( $(field requests "${R[$p.intake.result]}") - $(field non2xx "${R[$p.intake.result]}") ))
    local extra=$(( ${R[$p.intake.rows]} - acks ))
    if (( extra < 0 )); then
      echo "  - WARNING: $(( -extra )) acknowledged requests have no stored row (duplicates or lost)"
    else
      echo "  - every ack has its row; $extra more rows than acks (requests in flight when wrk stopped, ≤ $CONNECTIONS expected)"
    fi
    if [[ $p = case ]]; then
      local r=${R[case.intake.result]}
      echo "  - targets (2 KB case): ≥ 10000 acks/s: $(verdict "$rps" '>=' 10000) ($rps);" \
        "p99 ≤ 20 ms: $(verdict "$(field p99_ms "$r")" '<=' 20) ($(field p99_ms "$r"));" \
        "≥ 0.3x nginx: $(verdict "$ratio" '>=' 0.3) (${ratio}x);" \
        "peak RSS ≤ 100 MB: $(verdict "$(mb "${R[case.intake.peak_rss_kb]}")" '<=' 100) ($(mb "${R[case.intake.peak_rss_kb]}"));" \
        "idle RSS ≤ 30 MB: $(verdict "$(mb "${R[case.intake.idle_rss_kb]}")" '<=' 30) ($(mb "${R[case.intake.idle_rss_kb]}"))"
    fi
  done
  for p in $PAYLOADS; do
    local req=$(field requests "${R[$p.intake.result]}") nreq=$(field requests "${R[$p.nginx.result]}")
    echo "- $p: CPU per request: intake $(per_request_us "${R[$p.intake.cpu_s]}" "$req") µs," \
      "nginx $(per_request_us "${R[$p.nginx.cpu_s]}" "$nreq") µs; wrk $(per_request_us "${R[$p.intake.wrk_cpu_s]}" "$req") µs" \
      "(against intake), $(per_request_us "${R[$p.nginx.wrk_cpu_s]}" "$nreq") µs (against nginx)"
  done
  if [[ $CEILING = 1 && -n ${R[intake.ceiling.rps]:-} && -n ${R[nginx.ceiling.rps]:-} ]]; then
    local i=${R[intake.ceiling.rps]} n=${R[nginx.ceiling.rps]}
    echo "- HTTP layer alone (GET, no body, nothing stored): intake /healthz $i req/s" \
      "($(per_request_us "${R[intake.ceiling.cpu_s]}" "${R[intake.ceiling.requests]}") µs CPU a request," \
      "non-2xx ${R[intake.ceiling.non2xx]:-0}), nginx $n req/s" \
      "($(per_request_us "${R[nginx.ceiling.cpu_s]}" "${R[nginx.ceiling.requests]}") µs," \
      "non-2xx ${R[nginx.ceiling.non2xx]:-0}): $(awk -v a="$i" -v b="$n" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')x" \
      "before anything is read, checked or stored"
  fi
}

# CPU seconds over a request count, in microseconds a request.
per_request_us() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.1f", (n > 0) ? s * 1e6 / n : 0 }'; }

report | tee -a "${RESULTS_FILE:-/dev/null}"
