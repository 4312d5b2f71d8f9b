#pragma once
// The header a credential adds to outgoing requests. The value is a secret: never log it.

#include <optional>

#include "intake/adaptors/http_client.hpp"
#include "intake/config/config.hpp"

namespace intake::adaptors {

// basic → Authorization: Basic; bearer → Authorization: Bearer; api_key → its header;
// commcare → Authorization: ApiKey user:key (or Basic with a password).
std::optional<HttpHeader> credential_header(const CredentialConfig& credential);

}  // namespace intake::adaptors
