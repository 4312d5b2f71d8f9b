// Durable appends per second through the SQLite store: N clients, each appending the real
// CommCare case fixture (about 2.4 KB) and waiting for its acknowledgement, as an HTTP session
// waits before answering 202. Every acknowledged append is committed with synchronous=FULL.
// Each message is shaped as the ingest path shapes a JSON case: the default dedupe key
// ("sha256:" and 64 hex digits, random per message since every body differs) and an empty
// json_view (a JSON body is its own view).

#include <benchmark/benchmark.h>

#include <unistd.h>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "intake/common/ids.hpp"
#include "intake/ingest/dedupe_key.hpp"
#include "intake/store/store.hpp"

namespace {

constexpr int kAppendsPerClient = 50;  // per benchmark iteration

std::string read_fixture() {
  const std::filesystem::path path = std::filesystem::path(INTAKE_DEFAULT_FIXTURES) /
                                     "openfn/commcare-case-patient.miraclefeet.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

intake::IncomingMessage case_message(const std::string& body) {
  intake::IncomingMessage message;
  message.id = intake::new_uuid_v7();
  message.inbox = "commcare";
  message.method = "POST";
  message.content_type = "application/json";
  message.query_params_json = "{}";
  message.headers = {{"content-type", "application/json"}};
  message.body = body;
  message.json_view.clear();  // JSON body: the store keeps it once
  message.remote_addr = "10.0.0.7";
  message.received_at_ms = intake::unix_millis_now();
  message.dedupe_key = "sha256:" + intake::sha256_hex(message.id + body);  // as if unique
  message.matched_triggers = {"patient-case"};
  message.runs = {{.id = intake::new_uuid_v7(), .job = "sync-patient", .trigger = "patient-case"}};
  return message;
}

// Blocks a client until the store answers. A mutex and condition variable, not
// std::binary_semaphore: libstdc++'s semaphore spins on sched_yield, which on two cores with
// 64 clients steals the writer's CPU.
class Acknowledgement {
 public:
  void signal() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    ready_.notify_one();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return done_; });
    done_ = false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  bool done_ = false;
};

// One client: append, wait for the acknowledgement, repeat.
void run_client(intake::MessageStore& store, const std::string& body, int appends) {
  Acknowledgement acknowledged;
  for (int i = 0; i < appends; ++i) {
    store.append(case_message(body), [&](intake::AppendOutcome outcome) {
      if (!outcome.stored) std::abort();  // a benchmark of failures would measure nothing
      acknowledged.signal();
    });
    acknowledged.wait();
  }
}

void BM_DurableAppends(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  const std::string body = read_fixture();
  static int run = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("intake-store-bench-" + std::to_string(getpid()) + "-" + std::to_string(++run));
  intake::StoreOptions options;
  options.path = (dir / "intake.db").string();
  auto store = intake::open_sqlite_store(options);

  for (auto _ : state) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back(run_client, std::ref(*store), std::cref(body), kAppendsPerClient);
    }
    for (auto& thread : threads) thread.join();
  }

  const intake::StoreStats stats = store->stats();
  store->close();
  std::filesystem::remove_all(dir);
  const double appends = static_cast<double>(state.iterations()) * clients * kAppendsPerClient;
  state.counters["appends/s"] = benchmark::Counter(appends, benchmark::Counter::kIsRate);
  state.counters["per_commit"] = stats.commits ? static_cast<double>(stats.messages_stored) /
                                                     static_cast<double>(stats.commits)
                                               : 0.0;
  state.SetBytesProcessed(static_cast<std::int64_t>(appends) *
                          static_cast<std::int64_t>(body.size()));
}

BENCHMARK(BM_DurableAppends)
    ->ArgName("clients")
    ->Arg(1)
    ->Arg(16)
    ->Arg(64)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
