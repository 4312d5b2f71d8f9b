#include "support/test_http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace intake::test {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

std::string RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return "";
}

bool RecordedRequest::has_header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return true;
  }
  return false;
}

Reply Reply::text(int status, std::string body) {
  Reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

Reply Reply::redirect(int status, std::string location) {
  return Reply::text(status).header("Location", std::move(location));
}

Reply Reply::close() {
  Reply reply;
  reply.close_without_answer = true;
  return reply;
}

Reply Reply::raw_bytes(std::string bytes) {
  Reply reply;
  reply.raw = std::move(bytes);
  return reply;
}

Reply& Reply::header(std::string name, std::string value) & {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Reply&& Reply::header(std::string name, std::string value) && {
  headers.emplace_back(std::move(name), std::move(value));
  return std::move(*this);
}

Reply&& Reply::after(std::chrono::milliseconds wait) && {
  delay = wait;
  return std::move(*this);
}

struct TestHttpServer::Impl {
  explicit Impl(Options opts) : options(opts) {}

  // Records the request and picks its reply from the script.
  Reply record(const RecordedRequest& request) {
    std::function<Reply(const RecordedRequest&)> answer;
    {
      std::lock_guard lock(mutex);
      requests.push_back(request);
      arrived.notify_all();
      if (!queue.empty()) {
        Reply reply = std::move(queue.front());
        queue.pop_front();
        return reply;
      }
      answer = responder;
    }
    // Outside the lock: a responder may look at the server.
    return answer ? answer(request) : Reply::text(200, "ok");
  }

  void accept();

  Options options;
  std::optional<ssl::context> tls;  // declared before io: sessions die with io, before it
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::deque<Reply> queue;
  std::function<Reply(const RecordedRequest&)> responder;
  std::vector<RecordedRequest> requests;
  std::size_t connections = 0;
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
};

namespace {

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(TestHttpServer::Impl& server, Stream stream, std::size_t id)
      : server_(server), stream_(std::move(stream)), timer_(server.io), id_(id) {}

  void start() {
    if constexpr (std::is_same_v<Stream, ssl::stream<tcp::socket>>) {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close();
                                self->read();
                              });
    } else {
      read();
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->on_request();
                     });
  }

  void on_request() {
    auto& message = parser_->get();
    RecordedRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = message.body();
    request.connection = id_;
    const bool head = message.method() == http::verb::head;
    const bool keep_alive = message.keep_alive();
    Reply reply = server_.record(request);
    if (reply.delay.count() <= 0) return answer(std::move(reply), head, keep_alive);
    timer_.expires_after(reply.delay);
    timer_.async_wait([self = this->shared_from_this(), reply = std::move(reply), head,
                       keep_alive](beast::error_code ec) mutable {
      if (ec) return;
      self->answer(std::move(reply), head, keep_alive);
    });
  }

  void answer(Reply reply, bool head, bool keep_alive) {
    if (reply.close_without_answer) return close();
    if (!reply.raw.empty()) {
      raw_ = std::move(reply.raw);
      net::async_write(
          stream_, net::buffer(raw_),
          [self = this->shared_from_this()](beast::error_code, std::size_t) { self->close(); });
      return;
    }
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(reply.status));
    bool has_length = false;
    for (auto& [name, value] : reply.headers) {
      has_length = has_length || beast::iequals(name, "content-length") ||
                   beast::iequals(name, "transfer-encoding");
      response_.insert(name, value);
    }
    response_.body() = std::move(reply.body);
    if (!has_length) response_.prepare_payload();
    if (head) response_.body().clear();  // the headers still tell the length
    const bool keep_open = keep_alive && !reply.close_after;
    response_.keep_alive(keep_open);
    http::async_write(
        stream_, response_,
        [self = this->shared_from_this(), keep_open](beast::error_code ec, std::size_t) {
          if (ec || !keep_open) return self->close();
          self->read();
        });
  }

  void close() {
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  TestHttpServer::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::string raw_;
  net::steady_timer timer_;
  std::size_t id_;
};

}  // namespace

void TestHttpServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // closed
    std::size_t id;
    {
      std::lock_guard lock(mutex);
      id = ++connections;
    }
    if (tls) {
      std::make_shared<Session<ssl::stream<tcp::socket>>>(
          *this, ssl::stream<tcp::socket>(std::move(socket), *tls), id)
          ->start();
    } else {
      std::make_shared<Session<tcp::socket>>(*this, std::move(socket), id)->start();
    }
    accept();
  });
}

TestHttpServer::TestHttpServer() : TestHttpServer(Options{}) {}

TestHttpServer::TestHttpServer(Options options) : impl_(std::make_unique<Impl>(options)) {
  if (options.tls) {
    const TlsIdentity& identity = options.identity ? *options.identity : test_server_identity();
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->use_certificate_chain(net::buffer(identity.cert_pem));
    impl_->tls->use_private_key(net::buffer(identity.key_pem), ssl::context::pem);
  }
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

TestHttpServer::~TestHttpServer() {
  net::post(impl_->io, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->io.stop();
  impl_->thread.join();
}

std::uint16_t TestHttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string TestHttpServer::url(std::string_view path) const {
  return std::string(impl_->options.tls ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void TestHttpServer::enqueue(Reply reply, int times) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->queue.push_back(reply);
}

void TestHttpServer::set_responder(std::function<Reply(const RecordedRequest&)> responder) {
  std::lock_guard lock(impl_->mutex);
  impl_->responder = std::move(responder);
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::size_t TestHttpServer::request_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests.size();
}

std::size_t TestHttpServer::connection_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections;
}

bool TestHttpServer::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, timeout, [&] { return impl_->requests.size() >= count; });
}

HangingListener::HangingListener() {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener_, 0) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("HangingListener: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  // Never accepted: these fill the accept queue, after which the kernel drops new SYNs.
  for (int i = 0; i < 3; ++i) {
    int filler = ::socket(AF_INET, SOCK_STREAM, 0);
    ::fcntl(filler, F_SETFL, O_NONBLOCK);
    (void)::connect(filler, reinterpret_cast<sockaddr*>(&address), length);
    fillers_.push_back(filler);
  }
}

HangingListener::~HangingListener() {
  for (int filler : fillers_) ::close(filler);
  if (listener_ >= 0) ::close(listener_);
}

}  // namespace intake::test
