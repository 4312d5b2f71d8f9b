#include "throwaway_postgres.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace intake::filter::test {
namespace {

namespace fs = std::filesystem;

const fs::path pg_bin = "/usr/lib/postgresql/15/bin";

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The server refuses to run as root, so as root the server tools run as `postgres`.
std::string as_server_user(const std::string& command) {
  return geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "intake-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return {};
  return pattern;
}

}  // namespace

std::unique_ptr<ThrowawayPostgres> ThrowawayPostgres::start(std::string& why_not) {
  if (!fs::exists(pg_bin / "initdb") || !fs::exists(pg_bin / "pg_ctl")) {
    why_not = "PostgreSQL 15 server binaries not found in " + pg_bin.string();
    return nullptr;
  }
  const fs::path dir = make_temp_dir();
  if (dir.empty()) {
    why_not = "cannot create a temp dir";
    return nullptr;
  }
  if (geteuid() == 0) {
    const passwd* user = ::getpwnam("postgres");
    if (!user || ::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) {
      why_not = "running as root, but there is no `postgres` user to own the cluster";
      fs::remove_all(dir);
      return nullptr;
    }
  }
  const int port = free_loopback_port();
  const fs::path data = dir / "data";
  const fs::path log = dir / "setup.log";
  const std::string initdb = as_server_user(
      quote((pg_bin / "initdb").string()) + " -D " + quote(data.string()) +
      " -A trust -U postgres -E UTF8 --locale=C --no-sync > " + quote(log.string()) + " 2>&1");
  const std::string options =
      "-p " + std::to_string(port) +
      " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir.string() + " -c fsync=off";
  const std::string pg_start =
      as_server_user(quote((pg_bin / "pg_ctl").string()) + " -D " + quote(data.string()) + " -o " +
                     quote(options) + " -l " + quote((dir / "server.log").string()) +
                     " -w -t 30 start >> " + quote(log.string()) + " 2>&1");
  if (port == 0 || !run(initdb) || !run(pg_start)) {
    why_not = "PostgreSQL did not start: " + slurp(log) + slurp(dir / "server.log");
    run(as_server_user(quote((pg_bin / "pg_ctl").string()) + " -D " + quote(data.string()) +
                       " -m immediate stop > /dev/null 2>&1"));
    fs::remove_all(dir);
    return nullptr;
  }
  return std::unique_ptr<ThrowawayPostgres>(new ThrowawayPostgres(dir, port));
}

ThrowawayPostgres::~ThrowawayPostgres() {
  run(as_server_user(quote((pg_bin / "pg_ctl").string()) + " -D " +
                     quote((dir_ / "data").string()) + " -m immediate stop > /dev/null 2>&1"));
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

bool ThrowawayPostgres::run_script(const std::string& sql, std::string& error) const {
  const fs::path script = dir_ / "script.sql";
  const fs::path output = dir_ / "psql.log";
  std::ofstream(script) << sql;
  const std::string command =
      "PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
      std::to_string(port_) + " -U postgres -d postgres -f " + quote(script.string()) + " > " +
      quote(output.string()) + " 2>&1";
  if (!run(command)) {
    error = slurp(output);
    return false;
  }
  return true;
}

}  // namespace intake::filter::test
