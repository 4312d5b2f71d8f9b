#pragma once
// Writes small TZif files (RFC 8536) for tests: slim files (few or no transitions, a footer) and
// version 1 files, which the system's fat files do not show.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace intake::test {

class TzifBuilder {
 public:
  TzifBuilder& version(char v) {
    version_ = v;
    return *this;
  }
  TzifBuilder& type(std::int32_t offset, bool is_dst, const std::string& abbreviation) {
    types_.push_back({offset, is_dst, static_cast<std::uint8_t>(chars_.size())});
    chars_ += abbreviation;
    chars_ += '\0';
    return *this;
  }
  TzifBuilder& transition(std::chrono::sys_seconds at, std::uint8_t type) {
    times_.push_back(at.time_since_epoch().count());
    time_types_.push_back(type);
    return *this;
  }
  TzifBuilder& footer(const std::string& tz) {
    footer_ = tz;
    return *this;
  }

  std::string bytes() const {
    std::string out;
    if (version_ == '\0') {
      header(out, '\0');
      block(out, 4);
      return out;
    }
    // A minimal version 1 block, as zic -b slim writes, then the real data.
    out += "TZif";
    out += version_;
    out.append(15, '\0');
    for (std::uint32_t count : {0u, 0u, 0u, 0u, 1u, 1u}) put(out, count, 4);
    put(out, 0, 4);
    out += '\0';
    out += '\0';
    out += '\0';
    header(out, version_);
    block(out, 8);
    out += '\n' + footer_ + '\n';
    return out;
  }

 private:
  struct Type {
    std::int32_t offset;
    bool is_dst;
    std::uint8_t designation;
  };

  static void put(std::string& out, std::uint64_t value, int size) {
    for (int i = size - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  }
  void header(std::string& out, char version) const {
    out += "TZif";
    out += version;
    out.append(15, '\0');
    const std::uint32_t counts[] = {0,
                                    0,
                                    0,
                                    static_cast<std::uint32_t>(times_.size()),
                                    static_cast<std::uint32_t>(types_.size()),
                                    static_cast<std::uint32_t>(chars_.size())};
    for (std::uint32_t count : counts) put(out, count, 4);
  }
  void block(std::string& out, int time_size) const {
    for (std::int64_t t : times_) put(out, static_cast<std::uint64_t>(t), time_size);
    for (std::uint8_t type : time_types_) out += static_cast<char>(type);
    for (const Type& type : types_) {
      put(out, static_cast<std::uint32_t>(type.offset), 4);
      out += static_cast<char>(type.is_dst);
      out += static_cast<char>(type.designation);
    }
    out += chars_;
  }

  char version_ = '2';
  std::vector<Type> types_;
  std::string chars_;
  std::vector<std::int64_t> times_;
  std::vector<std::uint8_t> time_types_;
  std::string footer_;
};

}  // namespace intake::test
