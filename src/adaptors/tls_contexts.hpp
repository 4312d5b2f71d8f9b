#pragma once
// TLS for outgoing connections: one verifying client context per extra CA file (the system store
// is loaded once, not per request), SNI and host name checks per connection, and readable
// handshake failures.

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <openssl/ssl.h>

#include "adaptors/http_url.hpp"

namespace intake::adaptors::detail {

class TlsContexts {
 public:
  // The context that trusts the system store plus `ca_file` ("" for none), made on first use.
  // On failure: nullptr and `error` says why (a failure is not cached: the file may appear).
  std::shared_ptr<boost::asio::ssl::context> get(const std::string& ca_file, std::string& error);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> contexts_;
};

// Sends SNI (for names) and makes the handshake check the certificate against the target's host
// name or IP address. False (with `error`) if OpenSSL refuses.
bool expect_peer(SSL* ssl, const HttpTarget& target, std::string& error);

// Why a handshake failed, e.g. "certificate verify failed (hostname mismatch)".
std::string describe_handshake_error(SSL* ssl, const boost::system::error_code& ec);

}  // namespace intake::adaptors::detail
