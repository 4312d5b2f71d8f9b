#include "adaptors/tls_contexts.hpp"

#include <boost/asio/ssl/error.hpp>

#include <openssl/x509v3.h>

namespace intake::adaptors::detail {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> TlsContexts::get(const std::string& ca_file, std::string& error) {
  std::lock_guard lock(mutex_);
  if (auto it = contexts_.find(ca_file); it != contexts_.end()) return it->second;
  try {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    context->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    context->set_default_verify_paths(ec);
    if (ec) {
      error = "cannot load the system CA store: " + ec.message();
      return nullptr;
    }
    if (!ca_file.empty()) {
      context->load_verify_file(ca_file, ec);
      if (ec) {
        error = "cannot load CA file " + ca_file + ": " + ec.message();
        return nullptr;
      }
    }
    contexts_.emplace(ca_file, context);
    return context;
  } catch (const std::exception& e) {
    error = std::string("cannot create a TLS context: ") + e.what();
    return nullptr;
  }
}

bool expect_peer(SSL* ssl, const HttpTarget& target, std::string& error) {
  if (target.host_is_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), target.host.c_str()) != 1) {
      error = "cannot check the certificate against " + target.host;
      return false;
    }
    return true;
  }
  if (SSL_set_tlsext_host_name(ssl, target.host.c_str()) != 1 ||
      SSL_set1_host(ssl, target.host.c_str()) != 1) {
    error = "cannot check the certificate against " + target.host;
    return false;
  }
  return true;
}

std::string describe_handshake_error(SSL* ssl, const boost::system::error_code& ec) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    return std::string("certificate verify failed (") + X509_verify_cert_error_string(verify) + ")";
  }
  return ec.message();
}

}  // namespace intake::adaptors::detail
