// Interned identifiers: each distinct id string gets a dense index, the strings live in
// one arena, and lookups hash the text once. Entities refer to each other by index.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

class CLEARANCE_API IdTable {
 public:
  std::uint32_t size() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  bool empty() const { return size() == 0; }

  std::string_view name(std::uint32_t index) const {
    return std::string_view(arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
  }

  std::optional<std::uint32_t> find(std::string_view name) const;

  // Adds `name` and returns its index; nullopt (and no change) when it is already there.
  std::optional<std::uint32_t> insert(std::string_view name);

  // The index of `name`, adding it when new.
  std::uint32_t intern(std::string_view name);

  void reserve(std::size_t count, std::size_t bytes);

 private:
  friend struct SnapshotAccess;
  void grow();
  std::string arena_;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<std::uint64_t> slots_;  // open addressing; 0 empty, else (hash tag << 32) | (index + 1)
};

// Nearest of `candidates` to `name` by edit distance, if one is close enough to be a
// likely typo; used for "did you mean" hints.
CLEARANCE_API std::optional<std::string> nearest_name(std::string_view name,
                                                      const std::vector<std::string_view>& candidates);
CLEARANCE_API std::optional<std::string> nearest_name(std::string_view name, const IdTable& ids);

}  // namespace v1
}  // namespace clearance
