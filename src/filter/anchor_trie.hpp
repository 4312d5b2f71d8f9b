#pragma once
// Triggers filed under the one (path, scalar) pair each requires, as a trie of object keys, so
// that a message is probed once per distinct anchor path (prefixes shared) and each value is
// a hash look-up. 10,000 triggers on /form/@xmlns cost one probe, not 10,000 comparisons.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::filter::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

using TriggerList = std::vector<std::uint32_t>;

class AnchorTrie {
 public:
  AnchorTrie();
  ~AnchorTrie();
  AnchorTrie(AnchorTrie&&) noexcept;
  AnchorTrie& operator=(AnchorTrie&&) noexcept;

  void add(const std::vector<std::string>& path, const nlohmann::json& scalar,
           std::uint32_t trigger);

  // Appends the triggers whose anchor pair the document holds (unsorted).
  void collect(const nlohmann::json& doc, TriggerList& out) const;

 private:
  struct PathNode;
  std::unique_ptr<PathNode> root_;
};

}  // namespace intake::filter::detail
