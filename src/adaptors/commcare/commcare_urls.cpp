#include "adaptors/commcare/commcare_urls.hpp"

namespace intake::adaptors::commcare {

std::string project_url(const CredentialConfig& credential, const std::string& path) {
  std::string base = credential.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/a/" + credential.domain + "/" + path;
}

}  // namespace intake::adaptors::commcare
