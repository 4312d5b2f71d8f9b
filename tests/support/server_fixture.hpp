#pragma once
// A real intake server in this process on a loopback port, with a real SQLite file.

#include <memory>
#include <string>

#include "intake/config/config_holder.hpp"
#include "intake/config/config_loader.hpp"
#include "intake/http/http_server.hpp"
#include "intake/ingest/inbox_service.hpp"
#include "intake/store/store.hpp"
#include "support/fixtures.hpp"

namespace intake::test {

class RunningServer {
 public:
  // `yaml` is a full config; its storage.path is replaced by a file in a temp dir and the
  // server listens on 127.0.0.1 on a free port.
  // `db_path` (optional) keeps the store at a given file instead of the temp dir.
  explicit RunningServer(const std::string& yaml, const EnvLookup& env = {},
                         const std::string& db_path = "");
  ~RunningServer();

  std::uint16_t port() const { return server_->port(); }
  MessageStore& store() { return *store_; }
  const std::string& db_path() const { return db_path_; }
  ConfigHolder& config() { return *holder_; }
  HttpServer& server() { return *server_; }
  void stop();

 private:
  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<MessageStore> store_;
  std::unique_ptr<ConfigHolder> holder_;
  std::unique_ptr<InboxService> service_;
  std::unique_ptr<HttpServer> server_;
  bool stopped_ = false;
};

}  // namespace intake::test
