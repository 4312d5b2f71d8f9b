#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <poll.h>

#include <stdexcept>

namespace intake::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

struct HttpConnection::Impl {
  net::io_context ioc;
  net::ip::tcp::socket socket{ioc};
  beast::flat_buffer buffer;
};

HttpConnection::HttpConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->socket.connect({net::ip::make_address("127.0.0.1"), port});
}

HttpConnection::~HttpConnection() {
  beast::error_code ec;
  impl_->socket.close(ec);
}

HttpResult HttpConnection::read_response() {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(false);
  http::read(impl_->socket, impl_->buffer, parser);
  auto& response = parser.get();
  HttpResult result;
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers[name] = std::string(field.value());
  }
  result.body = response.body();
  return result;
}

HttpResult HttpConnection::request(const std::string& method, const std::string& target,
                                   const std::map<std::string, std::string>& headers,
                                   const std::string& body) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") request.prepare_payload();
  http::write(impl_->socket, request);
  if (method == "HEAD") {
    http::response_parser<http::empty_body> parser;
    parser.skip(true);
    http::read(impl_->socket, impl_->buffer, parser);
    HttpResult result;
    result.status = static_cast<int>(parser.get().result_int());
    for (const auto& field : parser.get()) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    return result;
  }
  return read_response();
}

void HttpConnection::send_raw(const std::string& bytes) {
  net::write(impl_->socket, net::buffer(bytes));
}

bool HttpConnection::closed_by_peer(std::chrono::milliseconds wait) {
  pollfd fd{impl_->socket.native_handle(), POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + wait;
  do {
    int ready = ::poll(&fd, 1, wait.count() == 0 ? 0 : 50);
    if (ready > 0) {
      char byte;
      beast::error_code ec;
      std::size_t n = impl_->socket.read_some(net::buffer(&byte, 1), ec);
      if (ec || n == 0) return true;
    }
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::map<std::string, std::string>& headers,
                        const std::string& body) {
  HttpConnection connection(port);
  return connection.request(method, target, headers, body);
}

std::uint16_t free_port() {
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace intake::test
