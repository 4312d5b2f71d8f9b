#include "intake/emulator/emulator.hpp"

#include <stdexcept>

#include "emulator/control_api.hpp"
#include "emulator/http_server.hpp"
#include "emulator/router.hpp"
#include "emulator/state.hpp"

namespace intake::emulator {

nlohmann::json RecordedRequest::to_json() const {
  return {{"seq", seq},           {"method", method},     {"target", target},
          {"path", path},         {"headers", headers},   {"body", body},
          {"endpoint", endpoint}, {"username", username}, {"status", status},
          {"injected", injected}};
}

struct CommCareEmulator::Impl {
  State state;
  std::unique_ptr<HttpServer> server;
};

CommCareEmulator::CommCareEmulator(Options options) : impl_(std::make_unique<Impl>()) {
  if (options.domains.empty()) throw std::invalid_argument("the emulator needs a domain");
  impl_->state.options = std::move(options);
}

CommCareEmulator::~CommCareEmulator() { stop(); }

void CommCareEmulator::start() {
  State& state = impl_->state;
  {
    std::lock_guard lock(state.mutex);
    reset_state(state);  // seeds, when asked to
  }
  impl_->server = std::make_unique<HttpServer>(state.options.host, state.options.port,
                                               state.options.threads, [&state](Request& request) {
                                                 std::lock_guard lock(state.mutex);
                                                 return route(state, request);
                                               });
  impl_->server->start();
  std::lock_guard lock(state.mutex);
  const std::string host = state.options.host.find(':') != std::string::npos
                               ? "[" + state.options.host + "]"
                               : state.options.host;
  state.base_url = "http://" + host + ":" + std::to_string(impl_->server->port());
}

void CommCareEmulator::stop() {
  if (impl_->server) impl_->server->stop();
}

std::uint16_t CommCareEmulator::port() const { return impl_->server ? impl_->server->port() : 0; }

std::string CommCareEmulator::base_url() const {
  std::lock_guard lock(impl_->state.mutex);
  return impl_->state.base_url;
}

std::vector<RecordedRequest> CommCareEmulator::received() const {
  std::lock_guard lock(impl_->state.mutex);
  return impl_->state.requests;
}

void CommCareEmulator::fail_next(int count, int status, std::optional<int> retry_after,
                                 std::string body, std::string path_prefix) {
  fail_next(FailureSpec{count, status, retry_after, std::move(body), std::move(path_prefix)});
}

void CommCareEmulator::fail_next(const FailureSpec& spec) {
  std::lock_guard lock(impl_->state.mutex);
  impl_->state.injector.add_failure(spec);
}

void CommCareEmulator::delay_next(int count, std::chrono::milliseconds delay,
                                  std::string path_prefix) {
  std::lock_guard lock(impl_->state.mutex);
  impl_->state.injector.add_delay(count, delay, std::move(path_prefix));
}

void CommCareEmulator::rate_limit(int requests, std::chrono::milliseconds window,
                                  int retry_after_seconds) {
  std::lock_guard lock(impl_->state.mutex);
  impl_->state.injector.set_rate_limit(requests, window, retry_after_seconds);
}

void CommCareEmulator::fail_next_imports(int count) {
  std::lock_guard lock(impl_->state.mutex);
  impl_->state.fail_imports += count;
}

void CommCareEmulator::reset() {
  std::lock_guard lock(impl_->state.mutex);
  reset_state(impl_->state);
}

nlohmann::json CommCareEmulator::cases() const {
  std::lock_guard lock(impl_->state.mutex);
  return cases_json(impl_->state);
}

nlohmann::json CommCareEmulator::forms() const {
  std::lock_guard lock(impl_->state.mutex);
  return current_forms_json(impl_->state);
}

nlohmann::json CommCareEmulator::replaced_forms() const {
  std::lock_guard lock(impl_->state.mutex);
  return forms_json(impl_->state.forms.replaced());
}

nlohmann::json CommCareEmulator::duplicate_forms() const {
  std::lock_guard lock(impl_->state.mutex);
  return forms_json(impl_->state.forms.duplicates());
}

nlohmann::json CommCareEmulator::imports() const {
  std::lock_guard lock(impl_->state.mutex);
  return imports_json(impl_->state);
}

}  // namespace intake::emulator
