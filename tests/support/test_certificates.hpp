#pragma once
// Throwaway TLS certificates made at test time with OpenSSL (EC P-256, valid for a day): a test
// CA and server certificates it signs. Nothing is checked in.

#include <memory>
#include <string>
#include <vector>

#include "support/fixtures.hpp"

namespace intake::test {

// A server's certificate and private key, PEM.
struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;
};

class TestCa {
 public:
  TestCa();
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::string& cert_pem() const;
  // The CA certificate in a PEM file (in a temp dir this object owns): for HttpRequest::ca_file.
  std::string cert_file() const;
  // A server certificate for `names` (IP addresses such as "127.0.0.1" or DNS names), signed
  // by this CA.
  TlsIdentity issue(const std::vector<std::string>& names) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One CA for the whole test program (made on first use).
const TestCa& test_ca();
// Its certificate for 127.0.0.1 and localhost: what TestHttpServer uses by default.
const TlsIdentity& test_server_identity();

}  // namespace intake::test
