#include "support/intake_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"

namespace intake::test {
namespace {

pid_t spawn(const std::vector<std::string>& args, int output_fd, std::size_t open_files = 0) {
  std::vector<char*> argv;
  std::string binary = INTAKE_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(output_fd, 1);
    dup2(output_fd, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (open_files > 0) {  // soft and hard: the child cannot raise it again
      const rlimit limit{static_cast<rlim_t>(open_files), static_cast<rlim_t>(open_files)};
      if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(126);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

void write_test_config(const std::filesystem::path& path, std::uint16_t port,
                       const std::filesystem::path& db, const std::string& server_extra) {
  std::ofstream(path) << "server: { listen: \"127.0.0.1:" << port << "\""
                      << (server_extra.empty() ? "" : ", " + server_extra) << " }\n"
                      << "storage: { path: \"" << db.string() << "\" }\n"
                      << "inboxes:\n  commcare: {}\n";
}

CommandResult run_intake(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  TempDir dir;
  const auto out_path = dir.path() / "out.txt";
  int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = spawn(args, fd);
  ::close(fd);
  CommandResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.exit_code = decode_status(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.exit_code = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.output = read_file(out_path);
  return result;
}

IntakeProcess::IntakeProcess(const std::filesystem::path& config,
                             const std::filesystem::path& log_path, std::size_t open_files) {
  int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_ = spawn({"serve", "--config", config.string()}, fd, open_files);
  ::close(fd);
}

IntakeProcess::~IntakeProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait();
  }
}

bool IntakeProcess::wait_ready(std::uint16_t port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (http_request(port, "GET", "/readyz").status == 200) return true;
    } catch (const std::exception&) {
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      status_ = decode_status(status);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void IntakeProcess::kill(int signal) {
  if (!reaped_) ::kill(pid_, signal);
}

int IntakeProcess::wait(std::chrono::milliseconds timeout) {
  if (reaped_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      status_ = decode_status(status);
      return status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  reaped_ = true;
  status_ = -1;
  return status_;
}

}  // namespace intake::test
