#include "adaptors/credential_headers.hpp"

#include <boost/beast/core/detail/base64.hpp>

namespace intake::adaptors {
namespace {

std::string base64(const std::string& text) {
  std::string out(boost::beast::detail::base64::encoded_size(text.size()), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), text.data(), text.size()));
  return out;
}

}  // namespace

std::optional<HttpHeader> credential_header(const CredentialConfig& credential) {
  const std::string& type = credential.type;
  if (type == "basic") {
    return HttpHeader{"Authorization",
                      "Basic " + base64(credential.username + ":" + credential.password.reveal())};
  }
  if (type == "bearer") return HttpHeader{"Authorization", "Bearer " + credential.token.reveal()};
  if (type == "api_key") {
    return HttpHeader{credential.header.empty() ? "x-api-key" : credential.header,
                      credential.api_key.reveal()};
  }
  if (type == "commcare") {
    if (!credential.api_key.empty()) {
      return HttpHeader{"Authorization",
                        "ApiKey " + credential.username + ":" + credential.api_key.reveal()};
    }
    return HttpHeader{"Authorization",
                      "Basic " + base64(credential.username + ":" + credential.password.reveal())};
  }
  return std::nullopt;
}

}  // namespace intake::adaptors
