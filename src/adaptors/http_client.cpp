// make_http_client: the Asio/Beast HttpClient on an EventLoop.
#include "intake/adaptors/http_client.hpp"

#include "adaptors/client_state.hpp"
#include "adaptors/http_exchange.hpp"
#include "common/event_loop_impl.hpp"

namespace intake::adaptors {
namespace {

class AsioHttpClient final : public HttpClient {
 public:
  AsioHttpClient(boost::asio::io_context& io, const HttpClientOptions& options)
      : state_(std::make_shared<detail::ClientState>(io, options)) {}
  ~AsioHttpClient() override { state_->shutdown(); }

  void send(HttpRequest request, std::function<void(HttpResult)> done) override {
    std::make_shared<detail::HttpExchange>(state_, std::move(request), std::move(done))->start();
  }

 private:
  std::shared_ptr<detail::ClientState> state_;  // shared with the requests in flight
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client(EventLoop& loop, HttpClientOptions options) {
  return std::make_unique<AsioHttpClient>(io_context_of(loop), options);
}

}  // namespace intake::adaptors
