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

  // A search for one id hashed ahead of time: prepare() hashes the id and starts fetching
  // its slot, so that a reader can prepare the searches of a few elements before it makes
  // the first (in a table beyond the cache, each would otherwise wait for memory in
  // turn). Valid for that id only, in this table, however it grows meanwhile.
  struct Probe {
    std::uint32_t key;   // what the id's slot holds: hash bits << 4 | size, or 15
    std::uint64_t text;  // the id's bytes when it fits a slot
    std::uint32_t hash;  // 28 bits: the home slot
  };
  Probe prepare(std::string_view name) const;
  std::optional<std::uint32_t> find(std::string_view name, const Probe& probe) const;
  std::optional<std::uint32_t> insert(std::string_view name, const Probe& probe);
  std::uint32_t intern(std::string_view name, const Probe& probe);

  void reserve(std::size_t count, std::size_t bytes);
  // Gives back room reserved beyond the ids held (a table grown one id at a time).
  void shrink_to_fit();

 private:
  friend struct SnapshotAccess;
  // Open addressing. A slot keeps 28 bits of the id's hash (which also choose the slot,
  // so growing moves slots without hashing again) with the id's size, and the id itself
  // when it has at most 8 bytes, else where its text is: a probe reads the slot and, for
  // a longer id, its text, and nothing else (a large estate's tables are beyond the
  // cache: each read is a miss).
  struct Slot {
    std::uint32_t key;             // hash bits << 4 | size (0-8), or 15 for a longer id
    std::uint32_t index_plus_one;  // 0: empty
    std::uint64_t text;            // the id's bytes, or its size << 32 | its offset in arena_
  };
  Probe probe_for(std::string_view name) const;
  bool matches(const Slot& slot, const Probe& probe, std::string_view name) const;
  std::optional<std::uint32_t> find_small(std::string_view name) const;
  void grow(std::size_t count);
  void place(const Slot& slot);
  std::string arena_;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<Slot> slots_;
};

// Nearest of `candidates` to `name` by edit distance, if one is close enough to be a
// likely typo; used for "did you mean" hints.
CLEARANCE_API std::optional<std::string> nearest_name(std::string_view name,
                                                      const std::vector<std::string_view>& candidates);
CLEARANCE_API std::optional<std::string> nearest_name(std::string_view name, const IdTable& ids);

}  // namespace v1
}  // namespace clearance
