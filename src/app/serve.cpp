#include "intake/app/serve.hpp"

#include <pthread.h>
#include <csignal>
#include <iostream>

#include "intake/common/logging.hpp"
#include "intake/config/config_holder.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/http/http_server.hpp"
#include "intake/ingest/inbox_service.hpp"
#include "intake/jobs/job_runtime.hpp"
#include "intake/store/store.hpp"
#include "intake/store/store_lock.hpp"
#include "intake/version.hpp"

namespace intake {
namespace {

StoreOptions store_options(const StorageConfig& storage) {
  StoreOptions options;
  options.path = storage.path;
  options.synchronous_full = storage.durability_full;
  options.quarantine_max_entries = storage.quarantine_max_entries;
  options.quarantine_max_bytes = storage.quarantine_max_bytes;
  return options;
}

// SIGHUP: a valid config is swapped in atomically; an invalid one is logged and the old kept.
void reload(const std::string& path, ConfigHolder& holder) {
  try {
    auto next = std::make_shared<const Config>(load_config_file(path));
    const auto current = holder.snapshot();
    if (next->server.listen_host != current->server.listen_host ||
        next->server.listen_port != current->server.listen_port ||
        next->storage.path != current->storage.path) {
      log_event(spdlog::level::warn, "reload_partial",
                {{"message", "server.listen and storage.path take effect after a restart"}});
    }
    for (const auto& warning : next->warnings)
      log_event(spdlog::level::warn, "config_warning", {{"message", warning}});
    holder.replace(std::move(next));
    log_event(spdlog::level::info, "config_reloaded", {{"config", path}});
  } catch (const std::exception& e) {
    log_event(
        spdlog::level::err, "config_reload_rejected",
        {{"config", path}, {"error", e.what()}, {"message", "the previous config stays in force"}});
  }
}

}  // namespace

int serve(const std::string& config_path) {
  ConfigPtr config;
  try {
    config = std::make_shared<const Config>(load_config_file(config_path));
  } catch (const std::exception& e) {
    std::cerr << "intake: invalid config: " << e.what() << "\n";
    return 2;
  }
  init_logging(config->server.log_format, config->server.log_level);
  for (const auto& warning : config->warnings)
    log_event(spdlog::level::warn, "config_warning", {{"message", warning}});

  // Block the signals in every thread; this thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<StoreLock> store_lock;
  std::unique_ptr<Store> store;
  try {
    store_lock = StoreLock::acquire(config->storage.path);
    store = open_sqlite_store(store_options(config->storage));
  } catch (const std::exception& e) {
    log_event(spdlog::level::critical, "store_open_failed",
              {{"path", config->storage.path}, {"error", e.what()}});
    spdlog::shutdown();
    std::cerr << "intake: cannot open the store at " << config->storage.path << ": " << e.what()
              << "\n";
    return 1;
  }

  ConfigHolder holder(config);
  jobs::JobRuntime runtime(*store, holder,
                           {.threads = config->workers.threads,
                            .max_in_flight = config->workers.max_in_flight,
                            .lease = config->workers.lease,
                            .poll = std::chrono::seconds(1),
                            .grace = config->workers.shutdown_grace,
                            .worker_id = {},
                            .clock = nullptr,
                            .jitter = {}});
  InboxService service(holder, *store);
  service.on_runs_stored([&runtime] { runtime.wake(); });
  HttpServer server(config->server, service);
  try {
    server.start();
  } catch (const std::exception& e) {
    log_event(spdlog::level::critical, "listen_failed", {{"error", e.what()}});
    store->close();
    spdlog::shutdown();
    std::cerr << "intake: " << e.what() << "\n";
    return 1;
  }
  runtime.start();
  log_event(spdlog::level::info, "started",
            {{"version", kVersion},
             {"config", config_path},
             {"store", config->storage.path},
             {"inboxes", config->inboxes.size()}});

  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      reload(config_path, holder);
      continue;
    }
    log_event(spdlog::level::info, "stopping",
              {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
    break;
  }
  server.stop(std::chrono::seconds(10));
  runtime.stop();  // after the server: every acknowledged message's runs are in the store
  store->close();
  log_event(spdlog::level::info, "stopped");
  spdlog::shutdown();
  return 0;
}

}  // namespace intake
