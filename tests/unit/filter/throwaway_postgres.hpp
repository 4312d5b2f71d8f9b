#pragma once
// A PostgreSQL 15 cluster of its own, in a temp dir on a free loopback port, for asking the real
// `jsonb @>`. Stopped and removed when the object goes away.

#include <filesystem>
#include <memory>
#include <string>

namespace intake::filter::test {

class ThrowawayPostgres {
 public:
  // nullptr with `why_not` set when the server cannot be started here.
  static std::unique_ptr<ThrowawayPostgres> start(std::string& why_not);
  ~ThrowawayPostgres();
  ThrowawayPostgres(const ThrowawayPostgres&) = delete;
  ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;

  // A directory the test may write files to (readable by the server).
  const std::filesystem::path& dir() const { return dir_; }

  // Runs a psql script as superuser; false with `error` (psql's output) on failure.
  bool run_script(const std::string& sql, std::string& error) const;

 private:
  ThrowawayPostgres(std::filesystem::path dir, int port) : dir_(std::move(dir)), port_(port) {}

  std::filesystem::path dir_;
  int port_ = 0;
};

}  // namespace intake::filter::test
