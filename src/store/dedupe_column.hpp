#pragma once
// How a dedupe key is stored. The ingest path builds keys as "sha256:<64 hex>" or
// "fields:<64 hex>"; stored as text they take 71 bytes in the row and again in the
// UNIQUE (inbox, dedupe_key) index. Such a key is stored instead as a 33-byte BLOB: one kind
// byte and the 32 raw bytes of the digest. The mapping is exact and reversible (nothing is
// truncated), and any other key is stored unchanged as TEXT. SQLite never finds a TEXT value
// equal to a BLOB, so an encoded key cannot collide with a key kept as text.

#include <string>
#include <string_view>

namespace intake::store {

struct DedupeColumn {
  enum class Kind { null, text, blob } kind = Kind::null;
  std::string bytes;  // the text, or the 33 encoded bytes
};

DedupeColumn encode_dedupe_key(std::string_view key);
std::string decode_dedupe_blob(std::string_view blob);  // the key a 33-byte BLOB stands for

}  // namespace intake::store
