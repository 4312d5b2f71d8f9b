// Cases per second into CommCare HQ (the in-process emulator) through commcare.case_upsert:
// N messages with one queued run each, every run upserting one case by external_id; the job
// either sends one Case API request per run, or gathers runs with `batch: { max_items: 100 }`
// into bulk requests of 100 cases. Everything else is real: the SQLite store (fsync), the job
// runtime, the HTTP client, the emulator's Case API over loopback.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <future>
#include <thread>

#include "intake/adaptors/http_client.hpp"
#include "intake/common/event_loop.hpp"
#include "intake/common/ids.hpp"
#include "intake/common/logging.hpp"
#include "intake/config/config_holder.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/emulator/emulator.hpp"
#include "intake/jobs/job_runtime.hpp"
#include "intake/store/store.hpp"

namespace {

using namespace intake;

struct TempStore {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("intake-commcare-bench-" + new_uuid_v4());
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
    message.body = R"({"patient_id": "P-)" + message.id + R"(", "name": "bench", "age": 7})";
    message.received_at_ms = unix_millis_now();
    message.dedupe_key = "sha256:" + message.id;
    message.runs.push_back(
        {.id = new_uuid_v7(), .job = "cases", .trigger = "bench", .order_key = ""});
    waits.push_back(stored[i].get_future());
    store.append(std::move(message), [&stored, i](AppendOutcome) { stored[i].set_value(); });
  }
  for (auto& wait : waits) wait.get();
}

std::string job_yaml(const std::string& base_url, const std::string& batch) {
  return "inboxes: { bench: {} }\ncredentials:\n  hq: { type: commcare, base_url: \"" + base_url +
         "\", domain: demo, username: api@example.org, api_key: local-key }\n"
         "jobs:\n  cases:\n    handler: commcare.case_upsert\n    credential: hq\n" +
         batch +
         "    params: { external_id: \"{{ /data/patient_id }}\", case_type: patient, "
         "case_name: \"{{ /data/name }}\", owner_id: o, properties: { age: \"{{ /data/age }}\" } "
         "}\n";
}

Config load(const std::string& yaml) {
  return load_config_text(yaml, "bench.yaml",
                          [](const std::string&) { return std::optional<std::string>(); });
}

// HQ rate-limits its API per project (docs/commcare.md §2.2): over the limit it answers 429 with
// Retry-After, and the runtime waits that long before the run's next attempt. `hq_requests_per_s`
// = 0 leaves the emulator unlimited.
void upsert_cases(benchmark::State& state, const std::string& batch, int hq_requests_per_s = 0) {
  init_logging("text", "off");
  const int count = static_cast<int>(state.range(0));
  emulator::Options options;
  options.users = {{"api@example.org", "local-key", "", {"demo"}}};
  emulator::CommCareEmulator hq(options);
  hq.start();
  std::size_t requests = 0;
  std::size_t rate_limited = 0;
  for (auto _ : state) {
    state.PauseTiming();
    hq.reset();
    if (hq_requests_per_s > 0) hq.rate_limit(hq_requests_per_s, std::chrono::seconds(1), 1);
    TempStore temp;
    StoreOptions store_options;
    store_options.path = (temp.dir / "intake.db").string();
    auto store = open_sqlite_store(store_options);
    store_messages(*store, count);
    Config config = load(job_yaml(hq.base_url(), batch));
    ConfigHolder holder(std::make_shared<const Config>(std::move(config)));
    jobs::JobRuntime runtime(*store, holder, {.threads = 2, .max_in_flight = 512});
    state.ResumeTiming();

    runtime.start();
    while (runtime.stats().succeeded + runtime.stats().dead < static_cast<std::uint64_t>(count))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    state.PauseTiming();
    if (runtime.stats().succeeded != static_cast<std::uint64_t>(count))
      state.SkipWithError("runs did not all succeed");
    if (hq.cases().size() != static_cast<std::size_t>(count))
      state.SkipWithError("HQ does not hold every case");
    requests = hq.received().size();
    rate_limited = 0;
    for (const auto& request : hq.received()) rate_limited += request.injected == "rate_limit";
    runtime.stop();
    store->close();
    state.ResumeTiming();
  }
  state.counters["cases_per_s"] = benchmark::Counter(
      static_cast<double>(count) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["hq_requests"] = static_cast<double>(requests);
  state.counters["hq_429s"] = static_cast<double>(rate_limited);
}

void BM_CaseUpsertOneRequestPerMessage(benchmark::State& state) { upsert_cases(state, ""); }

void BM_CaseUpsertBatched100(benchmark::State& state) {
  upsert_cases(state, "    batch: { max_items: 100, max_wait: 200ms }\n");
}

// The same two, with HQ limiting the project to kHqRequestsPerSecond API calls a second — far
// more than HQ grants most projects (about 1,000 calls per user per day), so the ratio here is a
// lower bound of what batching gains against a real project. Retries must outlast the queue of
// 429s, as a job writing to a rate-limited HQ would configure them.
constexpr int kHqRequestsPerSecond = 50;
const std::string kPatientRetries =
    "    retry: { max_attempts: 100, initial: 1s, multiplier: 1, max: 2s }\n";

void BM_CaseUpsertOneRequestPerMessageRateLimited(benchmark::State& state) {
  upsert_cases(state, kPatientRetries, kHqRequestsPerSecond);
}

void BM_CaseUpsertBatched100RateLimited(benchmark::State& state) {
  upsert_cases(state, kPatientRetries + "    batch: { max_items: 100, max_wait: 200ms }\n",
               kHqRequestsPerSecond);
}

// The handler alone (no store, no runtime): `per_request` runs' states per handler call, one
// call at a time, so the figure is what a Case API round trip costs per case.
void call_handler(benchmark::State& state, std::size_t per_request) {
  init_logging("text", "off");
  const int count = static_cast<int>(state.range(0));
  emulator::Options options;
  options.users = {{"api@example.org", "local-key", "", {"demo"}}};
  emulator::CommCareEmulator hq(options);
  hq.start();
  EventLoop loop;
  loop.start(1);
  auto http = adaptors::make_http_client(loop);
  const Config config = load(job_yaml(hq.base_url(), ""));
  const auto handler = config.jobs.at("cases").compiled;
  std::vector<nlohmann::json> states;
  for (int i = 0; i < count; ++i) {
    states.push_back(
        {{"data", {{"patient_id", "P-" + std::to_string(i)}, {"name", "bench"}, {"age", i}}},
         {"request", nlohmann::json::object()},
         {"references", nlohmann::json::array()}});
  }
  for (auto _ : state) {
    state.PauseTiming();
    hq.reset();
    state.ResumeTiming();
    for (std::size_t start = 0; start < states.size(); start += per_request) {
      std::vector<nlohmann::json> batch(
          states.begin() + start, states.begin() + std::min(states.size(), start + per_request));
      jobs::RunLog log;
      jobs::AttemptContext context;
      context.run_id = "bench";
      context.job = "cases";
      context.idempotency_key = "bench:cases";
      context.state = &batch.front();
      if (per_request > 1) context.batch = &batch;
      context.credential = &config.credentials.at("hq");
      context.log = &log;
      context.loop = &loop;
      context.http = http.get();
      std::promise<jobs::HandlerOutcome> answered;
      handler->run(context, [&answered](jobs::HandlerOutcome outcome) {
        answered.set_value(std::move(outcome));
      });
      if (!answered.get_future().get().ok()) state.SkipWithError("a Case API call failed");
    }
  }
  if (hq.cases().size() != static_cast<std::size_t>(count)) state.SkipWithError("HQ lacks cases");
  state.counters["cases_per_s"] = benchmark::Counter(
      static_cast<double>(count) * state.iterations(), benchmark::Counter::kIsRate);
  http.reset();
  loop.stop();
}

void BM_HandlerOneCasePerRequest(benchmark::State& state) { call_handler(state, 1); }
void BM_HandlerHundredCasesPerRequest(benchmark::State& state) { call_handler(state, 100); }

// 2,000 messages, 3 iterations, wall time.
void two_thousand(benchmark::internal::Benchmark* bench) {
  bench->Arg(2'000)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_HandlerOneCasePerRequest)->Apply(two_thousand);
BENCHMARK(BM_HandlerHundredCasesPerRequest)->Apply(two_thousand);
BENCHMARK(BM_CaseUpsertOneRequestPerMessage)->Apply(two_thousand);
BENCHMARK(BM_CaseUpsertBatched100)->Apply(two_thousand);
// At 50 HQ calls a second, 500 one-case requests take ≥ 10 s: fewer messages, two iterations.
BENCHMARK(BM_CaseUpsertOneRequestPerMessageRateLimited)
    ->Arg(500)
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CaseUpsertBatched100RateLimited)->Apply(two_thousand);
BENCHMARK_MAIN();
