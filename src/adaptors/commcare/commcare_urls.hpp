#pragma once
// HQ URLs from a commcare credential: base_url + /a/<domain>/<path>.

#include <string>

#include "intake/config/config.hpp"

namespace intake::adaptors::commcare {

// `path` without a leading slash, e.g. "api/case/v2/".
std::string project_url(const CredentialConfig& credential, const std::string& path);

}  // namespace intake::adaptors::commcare
