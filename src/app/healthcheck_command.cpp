// `intake healthcheck`: GET /healthz on the address the config listens on, for container
// HEALTHCHECKs (the slim image has no curl). Plain POSIX sockets: one request, one status line.

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

#include "app/secretless_config.hpp"
#include "intake/app/commands.hpp"
#include "intake/config/config_loader.hpp"

namespace intake {
namespace {

// A wildcard listen address is reached on loopback.
std::string connect_host(const std::string& listen_host) {
  if (listen_host.empty() || listen_host == "0.0.0.0") return "127.0.0.1";
  if (listen_host == "::" || listen_host == "[::]") return "::1";
  return listen_host;
}

// An IPv6 address in a URL or a Host header is bracketed.
std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Returns the HTTP status, or -1 with `error` set.
int get_status(const std::string& host, std::uint16_t port, const std::string& path,
               int timeout_seconds, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
    error = gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  error = "cannot connect";
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{.tv_sec = timeout_seconds, .tv_usec = 0};  // bounds connect, send and recv
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      error = std::string("cannot connect: ") + std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;

  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + url_host(host) + ":" +
                              std::to_string(port) + "\r\nConnection: close\r\n\r\n";
  std::string reply;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    char buffer[512];
    while (reply.find("\r\n") == std::string::npos && reply.size() < 4096) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  // "HTTP/1.1 200 OK"
  if (reply.rfind("HTTP/1.", 0) != 0 || reply.size() < 12 || reply[8] != ' ') {
    error = reply.empty() ? "no answer" : "not an HTTP answer";
    return -1;
  }
  try {
    return std::stoi(reply.substr(9, 3));
  } catch (const std::exception&) {
    error = "not an HTTP status";
    return -1;
  }
}

}  // namespace

int healthcheck_command(const HealthcheckOptions& options) {
  Config config;
  try {
    config = load_config_without_secrets(options.config_path, "healthcheck");
  } catch (const std::exception& e) {
    std::cerr << "unhealthy: " << e.what() << "\n";
    return 1;
  }
  const std::string host = connect_host(config.server.listen_host);
  const std::string url =
      "http://" + url_host(host) + ":" + std::to_string(config.server.listen_port) + options.path;
  std::string error;
  const int status =
      get_status(host, config.server.listen_port, options.path, options.timeout_seconds, error);
  if (status < 0) {
    std::cerr << "unhealthy: GET " << url << ": " << error << "\n";
    return 1;
  }
  const bool ok = status >= 200 && status < 300;
  (ok ? std::cout : std::cerr) << (ok ? "healthy" : "unhealthy") << ": GET " << url << " -> "
                               << status << "\n";
  return ok ? 0 : 1;
}

}  // namespace intake
