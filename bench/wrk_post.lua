-- wrk script for bench/ingest_bench.sh: POSTs a real CommCare payload, each request unique.
--
-- Environment (read by every wrk thread):
--   WRK_BODY_FILE  the JSON payload to send (required)
--   WRK_PATH       request path (default /inbox/bench)
--   WRK_RUN_TAG    a number distinguishing this wrk run from the others against the same store
--                  (warm-up and measured runs), so their bodies never collide (default 0)
--
-- Uniqueness: intake deduplicates (by default on the SHA-256 of the body, or on JSON pointers
-- such as /id). Replaying one body would turn all but the first request into duplicates, which
-- are cheaper to store and would flatter the figures. So the first top-level "id" or "case_id"
-- value (a UUID in CommCare payloads) is replaced, per request, by a different UUID-shaped value
-- of the same length: the body keeps its size and shape, and every request is a new record for
-- either dedupe mode. A payload with neither key gets a "bench_seq" member inserted instead.
--
-- At the end, done() prints one machine-readable line, "BENCH_RESULT key=value ...", which the
-- shell script parses (wrk's own human-readable report is printed as well).

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open WRK_BODY_FILE " .. tostring(path))
  local data = f:read("*a")
  f:close()
  return data
end

local body_file = os.getenv("WRK_BODY_FILE")
local path = os.getenv("WRK_PATH") or "/inbox/bench"
local run_tag = tonumber(os.getenv("WRK_RUN_TAG") or "0") or 0

local prefix, suffix, id_len

local function split_body(body)
  for _, key in ipairs({ "id", "case_id" }) do
    -- top level in these pretty-printed fixtures: two spaces of indentation
    local s, e = body:find('\n  "' .. key .. '": "', 1, true)
    if s then
      local close = body:find('"', e + 1, true)
      return body:sub(1, e), body:sub(close), close - e - 1
    end
  end
  local brace = assert(body:find("{", 1, true), "the payload is not a JSON object")
  return body:sub(1, brace) .. '"bench_seq": "', '",' .. body:sub(brace + 1), 36
end

-- main state: number the threads so their sequences differ
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

local counter = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  prefix, suffix, id_len = split_body(read_file(body_file))
  thread_no = thread_no or 0
end

local function unique_id()
  counter = counter + 1
  -- 8-4-4-4-12 hex, like the UUID it replaces: run tag, thread, then the counter
  local id = string.format("%08x-%04x-4000-8000-%012x", run_tag % 0x100000000, thread_no % 0x10000,
                           counter)
  if id_len ~= 36 then
    id = (id .. string.rep("0", id_len)):sub(1, math.max(id_len, 1))
  end
  return id
end

function request()
  return wrk.format("POST", path, headers, prefix .. unique_id() .. suffix)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_s=%.3f rps=%.1f bytes=%d non2xx=%d connect_err=%d " ..
    "read_err=%d write_err=%d timeout_err=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " ..
    "max_ms=%.3f mean_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds, summary.bytes, e.status, e.connect,
    e.read, e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
