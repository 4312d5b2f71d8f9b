#include "intake/jobs/job_runtime.hpp"

#include <unistd.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "intake/adaptors/http_client.hpp"
#include "intake/common/event_loop.hpp"
#include "intake/common/ids.hpp"
#include "intake/common/logging.hpp"
#include "jobs/attempt_ending.hpp"
#include "jobs/cron_ticks.hpp"
#include "jobs/run_state.hpp"

namespace intake::jobs {
namespace {

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() override { return unix_millis_now(); }
};

std::string default_worker_id() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "/" + std::to_string(getpid()) + "/" + new_uuid_v4().substr(0, 8);
}

std::string log_to_json(const std::vector<LogLine>& lines) {
  auto array = nlohmann::json::array();
  for (const LogLine& line : lines) {
    array.push_back({{"at_ms", line.at_ms}, {"level", line.level}, {"message", line.message}});
  }
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

// One attempt in flight: owns what the handler's context points at until `done`.
struct Attempt {
  ClaimedRun run;
  ConfigPtr config;
  nlohmann::json state;
  RunLog log;
  AttemptContext context;
  std::int64_t started_at_ms = 0;
};

// Runs of a `batch:` job gathered into one handler call.
struct BatchAttempt {
  std::vector<std::shared_ptr<Attempt>> attempts;
  std::vector<nlohmann::json> states;
  std::vector<std::string> run_ids;
  RunLog log;
  AttemptContext context;
};

struct PendingBatch {
  std::vector<std::shared_ptr<Attempt>> attempts;
  std::unique_ptr<Timer> timer;  // fires max_wait after the first run joined
};

struct JobRuntime::Impl {
  Impl(RunStore& store, const ConfigHolder& config, RuntimeOptions options)
      : store(store), config(config), options(std::move(options)) {
    if (this->options.worker_id.empty()) this->options.worker_id = default_worker_id();
    if (!this->options.clock) this->options.clock = &system_clock();
    if (!this->options.jitter) {
      this->options.jitter = [rng = std::make_shared<std::mt19937_64>(std::random_device{}()),
                              mutex = std::make_shared<std::mutex>()] {
        std::lock_guard lock(*mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
      };
    }
  }

  RunStore& store;
  const ConfigHolder& config;
  RuntimeOptions options;
  EventLoop loop;
  std::unique_ptr<adaptors::HttpClient> http;
  CronTicks cron;

  mutable std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool stopping = false;
  bool woken = true;
  bool claim_pending = false;
  bool cron_pending = false;
  std::map<std::string, std::shared_ptr<Attempt>> held;  // run id → attempt in flight
  std::map<std::string, int> running_per_job;
  std::set<std::string> released;               // given back on stop: late results are not written
  std::map<std::string, PendingBatch> batches;  // by job
  RuntimeStats counters;
  std::thread scheduler;

  std::int64_t now() { return options.clock->now_ms(); }

  void wake() {
    {
      std::lock_guard lock(mutex);
      woken = true;
    }
    changed.notify_all();
  }

  // Store calls are made without the lock: a closed store answers at once, on this thread.
  void run_scheduler() {
    cron.load(store.cron_states());
    std::int64_t last_renewal = now();
    std::unique_lock lock(mutex);
    while (!stopping) {
      const ConfigPtr snapshot = config.snapshot();
      const std::int64_t at = now();
      std::optional<ClaimRequest> claim;
      if (!claim_pending && held.size() < options.max_in_flight) {
        woken = false;
        claim = claim_request(*snapshot, at);
        claim_pending = true;
      }
      std::vector<std::string> renewals;
      if (at - last_renewal >= options.lease.count() / 3) {
        for (const auto& [id, attempt] : held) renewals.push_back(id);
        last_renewal = at;
      }
      const bool cron_idle = !cron_pending;
      lock.unlock();
      if (cron_idle) enqueue_cron_ticks(*snapshot, at);
      if (claim) {
        const std::size_t asked = claim->max_runs;
        store.claim_runs(std::move(*claim), [this, asked](ClaimResult result) {
          on_claimed(std::move(result), asked);
        });
      }
      if (!renewals.empty()) {
        store.renew_leases(options.worker_id, std::move(renewals), at + options.lease.count());
      }
      const auto wait = sleep_for(*snapshot, at);
      lock.lock();
      changed.wait_for(lock, wait, [this] { return stopping || woken; });
    }
  }

  // Sleeps until the next due run or cron tick, at most `poll`.
  std::chrono::milliseconds sleep_for(const Config& snapshot, std::int64_t at) {
    std::int64_t wait = options.poll.count();
    if (const auto due = store.next_due_at_ms()) {
      wait = std::min(wait, std::max<std::int64_t>(*due - at, 0));
    }
    if (auto tick = cron.next_tick_ms(snapshot, at)) {
      wait = std::min(wait, std::max<std::int64_t>(*tick - at, 0));
    }
    wait = std::min<std::int64_t>(wait, options.lease.count() / 3);
    return std::chrono::milliseconds(std::max<std::int64_t>(wait, 1));
  }

  // Scheduler thread only (the cron ticks are its own).
  void enqueue_cron_ticks(const Config& snapshot, std::int64_t at) {
    for (const DueTick& due : cron.due(snapshot, at)) {
      std::vector<NewRun> runs;
      for (const std::string& job : due.trigger->jobs) {
        NewRun run;
        run.id = new_uuid_v7();
        run.job = job;
        run.trigger = due.trigger->name;
        run.kind = RunKind::cron;
        // One run of a cron job at a time, in tick order: each reads the cursor the last left.
        run.order_key = "cron\x1f" + due.trigger->name + "\x1f" + job;
        run.due_at_ms = at;
        runs.push_back(std::move(run));
      }
      cron.enqueued(due.trigger->name, due.tick_ms);
      {
        std::lock_guard lock(mutex);
        cron_pending = true;
      }
      log_event(spdlog::level::info, "cron_tick",
                {{"trigger", due.trigger->name}, {"jobs", due.trigger->jobs.size()}});
      store.enqueue_cron_runs(due.trigger->name, due.tick_ms, std::move(runs),
                              [this, name = due.trigger->name](std::string error) {
                                if (!error.empty()) {
                                  log_event(spdlog::level::err, "cron_enqueue_failed",
                                            {{"trigger", name}, {"error", error}});
                                }
                                std::lock_guard lock(mutex);
                                cron_pending = false;
                                woken = true;
                                changed.notify_all();
                              });
    }
  }

  // Under the lock: the caps need running_per_job.
  ClaimRequest claim_request(const Config& snapshot, std::int64_t at) {
    ClaimRequest request;
    request.worker = options.worker_id;
    request.now_ms = at;
    request.lease_ms = options.lease.count();
    request.max_runs = options.max_in_flight - held.size();
    for (const auto& [name, job] : snapshot.jobs) {
      JobLimit limit{.max_attempts = job.retry.max_attempts, .free_slots = -1};
      if (job.concurrency > 0) {
        const auto running = running_per_job.find(name);
        limit.free_slots =
            std::max(0, job.concurrency - (running == running_per_job.end() ? 0 : running->second));
      }
      request.jobs.emplace(name, limit);
    }
    return request;
  }

  // On the store's writer thread: hand each run to the worker pool.
  void on_claimed(ClaimResult result, std::size_t asked) {
    if (!result.error.empty()) {
      log_event(spdlog::level::warn, "claim_failed", {{"error", result.error}});
    }
    if (result.cancelled > 0) {
      log_event(
          spdlog::level::warn, "runs_cancelled",
          {{"runs", result.cancelled}, {"reason", "their job is not in the config any more"}});
    }
    std::lock_guard lock(mutex);
    claim_pending = false;
    // A full claim means more may be due: ask again at once.
    if (result.error.empty() && result.runs.size() >= asked) woken = true;
    for (ClaimedRun& run : result.runs) {
      auto attempt = std::make_shared<Attempt>();
      attempt->run = std::move(run);
      held.emplace(attempt->run.id, attempt);
      ++running_per_job[attempt->run.job];
      loop.post([this, attempt] { start_attempt(attempt); });
    }
    changed.notify_all();
  }

  void start_attempt(const std::shared_ptr<Attempt>& attempt) {
    attempt->config = config.snapshot();
    attempt->started_at_ms = now();
    const ClaimedRun& run = attempt->run;
    const auto job = attempt->config->jobs.find(run.job);
    if (job == attempt->config->jobs.end()) {
      end_attempt(attempt, HandlerOutcome::failure(ErrorKind::permanent, "job removed"), nullptr);
      return;
    }
    if (run.exhausted) {
      end_attempt(attempt,
                  HandlerOutcome::failure(ErrorKind::permanent,
                                          "the worker running the last attempt stopped (lease "
                                          "expired); no attempts left"),
                  &job->second);
      return;
    }
    try {
      attempt->state = build_state(run);
    } catch (const std::exception& error) {
      end_attempt(attempt, HandlerOutcome::failure(ErrorKind::permanent, error.what()),
                  &job->second);
      return;
    }
    if (!job->second.compiled) {
      end_attempt(attempt, HandlerOutcome::failure(ErrorKind::permanent, "job has no handler"),
                  &job->second);
      return;
    }
    if (job->second.batch) return add_to_batch(attempt, job->second);
    AttemptContext& context = attempt->context;
    context.run_id = run.id;
    context.job = run.job;
    context.attempt = run.attempt;
    context.idempotency_key = idempotency_key(run);
    context.state = &attempt->state;
    const auto credential = attempt->config->credentials.find(job->second.credential);
    context.credential =
        credential == attempt->config->credentials.end() ? nullptr : &credential->second;
    context.log = &attempt->log;
    context.loop = &loop;
    context.http = http.get();
    const JobConfig* job_config = &job->second;
    try {
      job_config->compiled->run(context, [this, attempt, job_config](HandlerOutcome outcome) {
        end_attempt(attempt, std::move(outcome), job_config);
      });
    } catch (const std::exception& error) {
      end_attempt(attempt,
                  HandlerOutcome::failure(ErrorKind::permanent,
                                          std::string("handler failed to start: ") + error.what()),
                  job_config);
    }
  }

  void add_to_batch(const std::shared_ptr<Attempt>& attempt, const JobConfig& job) {
    std::vector<std::shared_ptr<Attempt>> full;
    {
      std::lock_guard lock(mutex);
      PendingBatch& pending = batches[job.name];
      pending.attempts.push_back(attempt);
      if (pending.attempts.size() >= job.batch->max_items || stopping) {
        full = take_batch(job.name);
      } else if (pending.attempts.size() == 1) {
        pending.timer =
            loop.after(job.batch->max_wait, [this, name = job.name] { flush_batch(name); });
      }
    }
    if (!full.empty()) run_batch(std::move(full));
  }

  // Under the lock.
  std::vector<std::shared_ptr<Attempt>> take_batch(const std::string& job) {
    const auto it = batches.find(job);
    if (it == batches.end()) return {};
    std::vector<std::shared_ptr<Attempt>> taken = std::move(it->second.attempts);
    batches.erase(it);  // also drops the timer (cancelled, or this is its own callback)
    return taken;
  }

  void flush_batch(const std::string& job) {
    std::vector<std::shared_ptr<Attempt>> taken;
    {
      std::lock_guard lock(mutex);
      taken = take_batch(job);
    }
    if (!taken.empty()) run_batch(std::move(taken));
  }

  void run_batch(std::vector<std::shared_ptr<Attempt>> attempts) {
    auto batch = std::make_shared<BatchAttempt>();
    batch->attempts = std::move(attempts);
    const Attempt& first = *batch->attempts.front();
    for (const auto& attempt : batch->attempts) {
      batch->states.push_back(attempt->state);
      batch->run_ids.push_back(attempt->run.id);
    }
    const auto job = first.config->jobs.find(first.run.job);
    const JobConfig* job_config = &job->second;
    AttemptContext& context = batch->context;
    context.run_id = first.run.id;
    context.job = first.run.job;
    context.attempt = first.run.attempt;
    context.idempotency_key = "batch:" + first.run.id + ":" + first.run.job;
    context.state = &batch->states.front();
    context.batch = &batch->states;
    context.batch_run_ids = &batch->run_ids;
    const auto credential = first.config->credentials.find(job_config->credential);
    context.credential =
        credential == first.config->credentials.end() ? nullptr : &credential->second;
    context.log = &batch->log;
    context.loop = &loop;
    context.http = http.get();
    batch->log.info("batch of " + std::to_string(batch->attempts.size()) + " runs");
    auto finish_all = [this, batch, job_config](HandlerOutcome outcome) {
      for (const auto& attempt : batch->attempts) {
        for (const LogLine& line : batch->log.lines()) attempt->log.add(line.level, line.message);
        end_attempt(attempt, outcome, job_config);
      }
    };
    try {
      job_config->compiled->run(context, finish_all);
    } catch (const std::exception& error) {
      finish_all(HandlerOutcome::failure(ErrorKind::permanent,
                                         std::string("handler failed to start: ") + error.what()));
    }
  }

  void end_attempt(const std::shared_ptr<Attempt>& attempt, HandlerOutcome outcome,
                   const JobConfig* job) {
    const AttemptFacts facts{.run = &attempt->run,
                             .state = &attempt->state,
                             .started_at_ms = attempt->started_at_ms,
                             .ended_at_ms = now(),
                             .jitter_unit = options.jitter()};
    FinishRequest finish = attempt_ending(*attempt->config, job, facts, outcome);
    finish.worker = options.worker_id;
    finish.log = log_to_json(attempt->log.lines());
    {
      std::lock_guard lock(mutex);
      if (released.count(attempt->run.id)) return;  // given back at stop; it runs again later
    }
    const RunState next_state = finish.next_state;
    const std::string error = finish.error;
    const std::int64_t due_at = finish.due_at_ms;
    store.finish_attempt(std::move(finish),
                         [this, attempt, next_state, error, due_at,
                          elapsed = facts.ended_at_ms - facts.started_at_ms](FinishResult result) {
                           report(*attempt, next_state, error, due_at, elapsed, result);
                           std::lock_guard lock(mutex);
                           held.erase(attempt->run.id);
                           if (--running_per_job[attempt->run.job] <= 0)
                             running_per_job.erase(attempt->run.job);
                           ++counters.attempts;
                           if (result.written && !result.lease_lost) {
                             if (next_state == RunState::succeeded) ++counters.succeeded;
                             if (next_state == RunState::failed) ++counters.retried;
                             if (next_state == RunState::dead) ++counters.dead;
                           }
                           woken = true;
                           changed.notify_all();
                         });
  }

  void report(const Attempt& attempt, RunState next_state, const std::string& error,
              std::int64_t due_at, std::int64_t elapsed, const FinishResult& result) {
    const ClaimedRun& run = attempt.run;
    if (!result.written) {
      // The run stays leased; once the lease expires it is claimed and run again.
      log_event(spdlog::level::err, "run_result_not_stored",
                {{"job", run.job}, {"run", run.id}, {"error", result.error}});
      return;
    }
    if (result.lease_lost) {
      log_event(spdlog::level::warn, "run_lease_lost", {{"job", run.job}, {"run", run.id}});
      return;
    }
    if (next_state == RunState::failed) {
      log_event(spdlog::level::warn, "run_attempt_failed",
                {{"job", run.job},
                 {"run", run.id},
                 {"message", run.message_id},
                 {"attempt", run.attempt},
                 {"error", error},
                 {"retry_in_ms", due_at - now()}});
      return;
    }
    log_event(next_state == RunState::succeeded ? spdlog::level::info : spdlog::level::warn,
              "run_finished",
              {{"job", run.job},
               {"run", run.id},
               {"message", run.message_id},
               {"outcome", to_string(next_state)},
               {"attempts", run.attempt},
               {"ms", elapsed},
               {"error", error}});
  }

  void renew(std::int64_t at, std::unique_lock<std::mutex>&) {
    if (held.empty()) return;
    std::vector<std::string> ids;
    for (const auto& [id, attempt] : held) ids.push_back(id);
    store.renew_leases(options.worker_id, std::move(ids), at + options.lease.count());
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      if (!started || stopping) return;
      stopping = true;
    }
    changed.notify_all();
    if (scheduler.joinable()) scheduler.join();
    // Gathered batches run now rather than wait out max_wait past the grace period.
    std::vector<std::string> waiting;
    {
      std::lock_guard lock(mutex);
      for (const auto& [job, pending] : batches) waiting.push_back(job);
    }
    for (const std::string& job : waiting) {
      loop.post([this, job] { flush_batch(job); });
    }
    std::unique_lock lock(mutex);
    // The claim in flight (if any) lands its runs in `held`; they are released below.
    changed.wait_for(lock, options.grace, [this] { return held.empty() && !claim_pending; });
    std::vector<std::string> unfinished;
    for (const auto& [id, attempt] : held) {
      unfinished.push_back(id);
      released.insert(id);
    }
    lock.unlock();
    if (!unfinished.empty()) {
      log_event(spdlog::level::warn, "runs_released",
                {{"runs", unfinished.size()},
                 {"reason", "still running after the grace period; they will run again"}});
      std::mutex done_mutex;
      std::condition_variable done_changed;
      bool done = false;
      store.release_runs(options.worker_id, std::move(unfinished), [&] {
        std::lock_guard done_lock(done_mutex);
        done = true;
        done_changed.notify_all();
      });
      std::unique_lock done_lock(done_mutex);
      done_changed.wait_for(done_lock, std::chrono::seconds(10), [&] { return done; });
    }
    http.reset();  // completes anything still in flight as cancelled, before the loop stops
    loop.stop();
  }
};

JobRuntime::JobRuntime(RunStore& store, const ConfigHolder& config, RuntimeOptions options)
    : impl_(std::make_unique<Impl>(store, config, std::move(options))) {}

JobRuntime::~JobRuntime() { stop(); }

void JobRuntime::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) return;
  impl_->started = true;
  impl_->loop.start(impl_->options.threads);
  impl_->http = adaptors::make_http_client(impl_->loop);
  impl_->scheduler = std::thread([this] { impl_->run_scheduler(); });
}

void JobRuntime::wake() { impl_->wake(); }

void JobRuntime::stop() { impl_->stop(); }

RuntimeStats JobRuntime::stats() const {
  std::lock_guard lock(impl_->mutex);
  RuntimeStats stats = impl_->counters;
  stats.in_flight = impl_->held.size();
  return stats;
}

}  // namespace intake::jobs
