#pragma once
// The emulator's users: who may call its HQ endpoints, with which secrets, in which projects.

#include <filesystem>
#include <string>
#include <vector>

namespace intake::emulator {

struct User {
  std::string username;              // e.g. "api@example.org" or "worker@demo.commcarehq.org"
  std::string api_key;               // for "Authorization: ApiKey <username>:<api_key>" ("" = none)
  std::string password;              // for "Authorization: Basic ..." ("" = none)
  std::vector<std::string> domains;  // projects the user is a member of
};

// Reads a users file, YAML or JSON (JSON is read as YAML):
//   users:
//     - { username: api@example.org, api_key: secret, password: pw, domains: [demo] }
// A top-level list without the `users:` key is accepted too. Throws std::runtime_error naming
// the file and the problem (unreadable, not a list, a user without username or without any
// secret, domains not a list of strings).
std::vector<User> load_users_file(const std::filesystem::path& path);

}  // namespace intake::emulator
