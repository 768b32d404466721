#include <clearance/id_table.hpp>

#include "keyed_hash.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace {

// Keyed, so that ids chosen to collide (hash flooding) cost no more than any others.
std::uint64_t hash_of(std::string_view text) { return detail::keyed_hash(text); }

// Edit distance counting a swap of two adjacent characters as one edit ("trian" is one
// typo from "train"; optimal string alignment), giving up once it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  auto fold = [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return fold(x) == fold(y); });
}

template <typename Each>
std::optional<std::string> nearest(std::string_view name, std::size_t count, Each&& candidate) {
  // Close enough to be a typo: a third of the name, at least one and at most three edits.
  const std::size_t limit = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view other = candidate(i);
    if (other != name && equal_ignoring_case(other, name)) return std::string(other);
    std::size_t distance = edit_distance(name, other, std::min(limit, best_distance));
    if (distance < best_distance && distance > 0) {
      best_distance = distance;
      best = std::string(other);
    }
  }
  return best;
}

// Whether the id at `index` is `name`: ids are short, so a loop beats a call to memcmp.
inline bool same(const char* id, std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i)
    if (id[i] != name[i]) return false;
  return true;
}

}  // namespace

// A table of a few ids (resources, zones of a small estate) is searched without hashing:
// a few short compares cost less than SipHash, and a bounded scan cannot be flooded.
constexpr std::uint32_t scanned_size = 8;

std::optional<std::uint32_t> IdTable::find_small(std::string_view name) const {
  for (std::uint32_t i = 0; i < size(); ++i) {
    const std::string_view id = this->name(i);
    if (id.size() == name.size() && same(id.data(), name)) return i;
  }
  return std::nullopt;
}

IdTable::Probe IdTable::probe_for(std::string_view name) const {
  const auto bits = static_cast<std::uint32_t>(hash_of(name) >> 32) >> 4;
  Probe probe{bits << 4 | 15u, 0, bits};
  if (name.size() <= 8) {
    probe.key = bits << 4 | static_cast<std::uint32_t>(name.size());
    std::memcpy(&probe.text, name.data(), name.size());
  }
  return probe;
}

// Inline: it is the inner step of every search.
__attribute__((always_inline)) inline bool IdTable::matches(const Slot& slot, const Probe& probe,
                                                            std::string_view name) const {
  if (slot.key != probe.key) return false;
  if ((probe.key & 15u) != 15u) return slot.text == probe.text;
  return (slot.text >> 32) == name.size() && same(arena_.data() + static_cast<std::uint32_t>(slot.text), name);
}

IdTable::Probe IdTable::prepare(std::string_view name) const {
  const Probe probe = probe_for(name);
  if (!slots_.empty()) __builtin_prefetch(&slots_[probe.hash & (slots_.size() - 1)]);
  return probe;
}

std::optional<std::uint32_t> IdTable::find(std::string_view name) const {
  if (size() <= scanned_size) return find_small(name);
  return find(name, probe_for(name));
}

std::optional<std::uint32_t> IdTable::find(std::string_view name, const Probe& probe) const {
  if (size() <= scanned_size) return find_small(name);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = probe.hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.index_plus_one == 0) return std::nullopt;
    if (matches(slot, probe, name)) return slot.index_plus_one - 1;
  }
}

std::optional<std::uint32_t> IdTable::insert(std::string_view name) { return insert(name, probe_for(name)); }

std::optional<std::uint32_t> IdTable::insert(std::string_view name, const Probe& probe) {
  const std::uint32_t before = size();
  const std::uint32_t index = intern(name, probe);
  if (size() == before) return std::nullopt;  // it was there already
  return index;
}

std::uint32_t IdTable::intern(std::string_view name) {
  if (size() <= scanned_size) {
    if (auto index = find_small(name)) return *index;
  }
  return intern(name, probe_for(name));
}

// One probe: the slot where the search for `name` ends is where it goes when new.
std::uint32_t IdTable::intern(std::string_view name, const Probe& probe) {
  const bool small = size() <= scanned_size;
  if (small) {
    if (auto index = find_small(name)) return *index;
  }
  if ((size() + 1) * 2 > slots_.size()) grow(size() + 1);  // doubles: at most half full
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = probe.hash & mask;
  for (; slots_[i].index_plus_one != 0; i = (i + 1) & mask)
    if (!small && matches(slots_[i], probe, name)) return slots_[i].index_plus_one - 1;
  const std::uint32_t index = size();
  const auto offset = static_cast<std::uint32_t>(arena_.size());
  arena_.append(name.data(), name.size());
  offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  const std::uint64_t text = (probe.key & 15u) != 15u ? probe.text : static_cast<std::uint64_t>(name.size()) << 32 | offset;
  slots_[i] = Slot{probe.key, index + 1, text};
  return index;
}

void IdTable::place(const Slot& slot) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = (slot.key >> 4) & mask;
  while (slots_[i].index_plus_one != 0) i = (i + 1) & mask;
  slots_[i] = slot;
}

// Room for `count` ids at half load. The key chooses the slot, so the slots move without
// their ids being hashed again.
void IdTable::grow(std::size_t count) {
  std::size_t wanted = 16;
  while (wanted < count * 2) wanted *= 2;
  if (wanted <= slots_.size()) return;
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(wanted, Slot{0, 0, 0}));
  for (const Slot& slot : old)
    if (slot.index_plus_one != 0) place(slot);
}

void IdTable::reserve(std::size_t count, std::size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(count + 1);
  grow(count);
}

void IdTable::shrink_to_fit() {
  arena_.shrink_to_fit();
  offsets_.shrink_to_fit();
}

std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  return nearest(name, candidates.size(), [&](std::size_t i) { return candidates[i]; });
}

std::optional<std::string> nearest_name(std::string_view name, const IdTable& ids) {
  return nearest(name, ids.size(), [&](std::size_t i) { return ids.name(static_cast<std::uint32_t>(i)); });
}

}  // namespace v1
}  // namespace clearance
