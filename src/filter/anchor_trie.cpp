#include "filter/anchor_trie.hpp"

#include "filter/json_number.hpp"

namespace intake::filter::detail {

// The triggers anchored at one path, by the value they require there. Numbers are keyed by
// number_key so that 1 and 1.0 land together, as jsonb equality wants.
struct ValueBuckets {
  StringMap<TriggerList> strings;
  StringMap<TriggerList> numbers;
  TriggerList trues;
  TriggerList falses;
  TriggerList nulls;

  TriggerList& bucket_for(const nlohmann::json& scalar) {
    if (scalar.is_string()) return strings[scalar.get_ref<const std::string&>()];
    if (scalar.is_number()) return numbers[number_key(scalar)];
    if (scalar.is_boolean()) return scalar.get<bool>() ? trues : falses;
    return nulls;
  }

  const TriggerList* find(const nlohmann::json& scalar) const {
    if (scalar.is_string()) return find_in(strings, scalar.get_ref<const std::string&>());
    if (scalar.is_number()) return find_in(numbers, number_key(scalar));
    if (scalar.is_boolean()) return scalar.get<bool>() ? &trues : &falses;
    if (scalar.is_null()) return &nulls;
    return nullptr;  // containers never equal an anchor scalar
  }

 private:
  static const TriggerList* find_in(const StringMap<TriggerList>& map, std::string_view key) {
    const auto found = map.find(key);
    return found == map.end() ? nullptr : &found->second;
  }
};

struct AnchorTrie::PathNode {
  StringMap<std::unique_ptr<PathNode>> children;
  std::unique_ptr<ValueBuckets> values;

  void collect(const nlohmann::json& value, TriggerList& out) const {
    if (values) {
      if (const TriggerList* hits = values->find(value))
        out.insert(out.end(), hits->begin(), hits->end());
    }
    if (children.empty() || !value.is_object()) return;
    // Walk whichever side is smaller: the anchored keys here or the message's keys.
    if (children.size() <= value.size()) {
      for (const auto& [key, child] : children) {
        const auto found = value.find(key);
        if (found != value.end()) child->collect(*found, out);
      }
    } else {
      for (const auto& [key, member] : value.items()) {
        const auto child = children.find(key);
        if (child != children.end()) child->second->collect(member, out);
      }
    }
  }
};

AnchorTrie::AnchorTrie() : root_(std::make_unique<PathNode>()) {}
AnchorTrie::~AnchorTrie() = default;
AnchorTrie::AnchorTrie(AnchorTrie&&) noexcept = default;
AnchorTrie& AnchorTrie::operator=(AnchorTrie&&) noexcept = default;

void AnchorTrie::add(const std::vector<std::string>& path, const nlohmann::json& scalar,
                     std::uint32_t trigger) {
  PathNode* node = root_.get();
  for (const auto& key : path) {
    auto& child = node->children[key];
    if (!child) child = std::make_unique<PathNode>();
    node = child.get();
  }
  if (!node->values) node->values = std::make_unique<ValueBuckets>();
  node->values->bucket_for(scalar).push_back(trigger);
}

void AnchorTrie::collect(const nlohmann::json& doc, TriggerList& out) const {
  // The root itself is never an anchor path: anchors need at least one key.
  if (!doc.is_object()) return;
  root_->collect(doc, out);
}

}  // namespace intake::filter::detail
