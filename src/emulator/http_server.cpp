#include "emulator/http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cctype>
#include <stdexcept>
#include <thread>
#include <vector>

namespace intake::emulator {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

constexpr std::size_t kBodyLimit = 64u << 20;  // HQ's uploads are large spreadsheets at most

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::ip::tcp::socket&& socket, const Handler& handler)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), handler_(handler) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      Response too_large = error_response(413, "Request body too large");
      return reply(std::move(too_large), false, 11);
    }
    if (ec) return close();
    auto& message = parser_->get();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    const auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    for (const auto& field : message) {
      request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    Response response = handler_(request);
    reply(std::move(response), message.keep_alive(), message.version());
  }

  void reply(Response result, bool keep_alive, unsigned version) {
    response_ = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(result.status), version);
    response_->set(http::field::server, "intake-commcare-emulator");
    if (!result.content_type.empty()) {
      response_->set(http::field::content_type, result.content_type);
    }
    for (const auto& [name, value] : result.headers) response_->set(name, value);
    response_->body() = std::move(result.body);
    response_->keep_alive(keep_alive);
    response_->prepare_payload();
    if (result.delay.count() > 0) {
      stream_.expires_never();
      timer_.expires_after(result.delay);
      timer_.async_wait([self = shared_from_this(), keep_alive](beast::error_code ec) {
        if (ec) return self->close();
        self->write(keep_alive);
      });
      return;
    }
    write(keep_alive);
  }

  void write(bool keep_alive) {
    stream_.expires_after(std::chrono::seconds(60));
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        self->response_.reset();
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  const Handler& handler_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(std::string host, std::uint16_t port, unsigned threads, Handler handler)
      : host(std::move(host)),
        requested_port(port),
        thread_count(threads ? threads : 1),
        handler(std::move(handler)),
        ioc(static_cast<int>(thread_count)),
        acceptor(net::make_strand(ioc)) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc),
                          [this](beast::error_code ec, net::ip::tcp::socket socket) {
                            if (!acceptor.is_open()) return;
                            if (!ec) std::make_shared<Session>(std::move(socket), handler)->start();
                            accept();
                          });
  }

  std::string host;
  std::uint16_t requested_port;
  unsigned thread_count;
  Handler handler;
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor;
  std::uint16_t bound_port = 0;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(std::string host, std::uint16_t port, unsigned threads, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(host), port, threads, std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  beast::error_code ec;
  const std::string where = impl_->host + ":" + std::to_string(impl_->requested_port);
  auto address = net::ip::make_address(impl_->host, ec);
  if (ec) throw std::runtime_error("--host '" + impl_->host + "' is not an IP address");
  net::ip::tcp::endpoint endpoint(address, impl_->requested_port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  impl_->bound_port = acceptor.local_endpoint().port();
  impl_->accept();
  for (unsigned i = 0; i < impl_->thread_count; ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
}

void HttpServer::stop() {
  if (impl_->threads.empty()) return;
  impl_->ioc.stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  // No I/O thread runs now: the port is released at once, even if this object lives on.
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

}  // namespace intake::emulator
