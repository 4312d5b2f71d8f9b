// Runs per second through the durable queue: N messages with one queued run each are stored,
// then the job runtime claims, runs and finishes them all (every claim and every result is a
// real SQLite write with fsync, group-committed). Handlers: a no-op, and http.request against
// $BENCH_HTTP_URL (bench/runs_bench.sh starts nginx for it).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "intake/common/ids.hpp"
#include "intake/common/logging.hpp"
#include "intake/config/config_holder.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/jobs/handler.hpp"
#include "intake/jobs/job_runtime.hpp"
#include "intake/store/store.hpp"

namespace {

using namespace intake;

class NoOp final : public jobs::Handler {
 public:
  void run(const jobs::AttemptContext&, jobs::AttemptDone done) const override {
    done(jobs::HandlerOutcome::success(nullptr));
  }
};

struct TempStore {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("intake-runs-bench-" + new_uuid_v4());
  TempStore() { std::filesystem::create_directories(dir); }
  ~TempStore() { std::filesystem::remove_all(dir); }
};

void store_messages(Store& store, int count) {
  std::vector<std::future<void>> waits;
  std::vector<std::promise<void>> stored(count);
  for (int i = 0; i < count; ++i) {
    IncomingMessage message;
    message.id = new_uuid_v7();
    message.inbox = "bench";
    message.method = "POST";
    message.query_params_json = "{}";
    message.content_type = "application/json";
    message.body = R"({"case_id": ")" + message.id + R"(", "properties": {"name": "bench"}})";
    message.received_at_ms = unix_millis_now();
    message.dedupe_key = "sha256:" + message.id;
    message.runs.push_back({.id = new_uuid_v7(), .job = "work", .trigger = "bench", .order_key = ""});
    waits.push_back(stored[i].get_future());
    store.append(std::move(message), [&stored, i](AppendOutcome) { stored[i].set_value(); });
  }
  for (auto& wait : waits) wait.get();
}

void run_queue(benchmark::State& state, const std::string& job_yaml, bool no_op) {
  init_logging("text", "off");
  const int count = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    TempStore temp;
    StoreOptions options;
    options.path = (temp.dir / "intake.db").string();
    auto store = open_sqlite_store(options);
    store_messages(*store, count);
    Config config = load_config_text("inboxes: { bench: {} }\njobs:\n  work: " + job_yaml + "\n",
                                     "bench.yaml", [](const std::string&) { return std::optional<std::string>(); });
    if (no_op) config.jobs["work"].compiled = std::make_shared<NoOp>();
    ConfigHolder holder(std::make_shared<const Config>(std::move(config)));
    jobs::JobRuntime runtime(*store, holder, {.threads = 2, .max_in_flight = 512});
    state.ResumeTiming();

    runtime.start();
    // The runtime counts a run once its result is committed (and synced).
    while (runtime.stats().succeeded + runtime.stats().dead < static_cast<std::uint64_t>(count)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    state.PauseTiming();
    const auto stats = runtime.stats();
    if (stats.succeeded != static_cast<std::uint64_t>(count)) state.SkipWithError("runs did not all succeed");
    runtime.stop();
    store->close();
    state.ResumeTiming();
  }
  state.counters["runs_per_s"] =
      benchmark::Counter(static_cast<double>(count) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_NoOpRuns(benchmark::State& state) { run_queue(state, "{ handler: log }", true); }

void BM_HttpRequestRuns(benchmark::State& state) {
  const char* url = std::getenv("BENCH_HTTP_URL");
  if (!url) {
    state.SkipWithError("set BENCH_HTTP_URL (bench/runs_bench.sh starts nginx for it)");
    for (auto _ : state) {
    }
    return;
  }
  run_queue(state,
            std::string("{ handler: http.request, params: { method: POST, url: \"") + url +
                "\", body: { case_id: \"{{ /data/case_id }}\" } } }",
            false);
}

}  // namespace

BENCHMARK(BM_NoOpRuns)->Arg(20'000)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HttpRequestRuns)->Arg(5'000)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
