#include "support/server_fixture.hpp"

#include "intake/common/logging.hpp"

namespace intake::test {

RunningServer::RunningServer(const std::string& yaml, const EnvLookup& env,
                             const std::string& db_path) {
  static bool logging = [] {
    init_logging("text", "warn");
    return true;
  }();
  (void)logging;
  const EnvLookup no_env = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  };
  Config config = load_config_text(yaml, "test.yaml", env ? env : no_env);
  db_path_ = db_path.empty() ? (dir_.path() / "intake.db").string() : db_path;
  config.storage.path = db_path_;
  config.server.listen_host = "127.0.0.1";
  config.server.listen_port = 0;
  if (config.server.threads == 0) config.server.threads = 2;
  StoreOptions options;
  options.path = db_path_;
  options.synchronous_full = config.storage.durability_full;
  options.busy_timeout_ms = 300;
  store_ = open_sqlite_store(options);
  holder_ = std::make_unique<ConfigHolder>(std::make_shared<const Config>(std::move(config)));
  service_ = std::make_unique<InboxService>(*holder_, *store_);
  server_ = std::make_unique<HttpServer>(holder_->snapshot()->server, *service_);
  server_->start();
}

void RunningServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  server_->stop(std::chrono::seconds(5));
  store_->close();
}

RunningServer::~RunningServer() { stop(); }

}  // namespace intake::test
