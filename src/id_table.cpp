#include <clearance/id_table.hpp>

#include "keyed_hash.hpp"

#include <algorithm>

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
inline bool same(std::string_view id, std::string_view name) {
  if (id.size() != name.size()) return false;
  for (std::size_t i = 0; i < id.size(); ++i)
    if (id[i] != name[i]) return false;
  return true;
}

}  // namespace

// A slot keeps the high half of the hash beside the index, so a probe that meets another
// id rarely has to touch the arena.
std::optional<std::uint32_t> IdTable::find(std::string_view name) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t hash = hash_of(name);
  const std::uint64_t tag = hash >> 32;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = slots_[slot];
    if (entry == 0) return std::nullopt;
    const auto index = static_cast<std::uint32_t>(entry & 0xFFFFFFFFu) - 1;
    if ((entry >> 32) == tag && same(this->name(index), name)) return index;
  }
}

std::optional<std::uint32_t> IdTable::insert(std::string_view name) {
  const std::uint32_t before = size();
  const std::uint32_t index = intern(name);
  if (size() == before) return std::nullopt;  // it was there already
  return index;
}

// One probe: the slot where the search for `name` ends is where it goes when new.
std::uint32_t IdTable::intern(std::string_view name) {
  if ((size() + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(name);
  const std::uint64_t tag = hash >> 32;
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = static_cast<std::size_t>(hash) & mask;
  for (;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = slots_[slot];
    if (entry == 0) break;
    const auto existing = static_cast<std::uint32_t>(entry & 0xFFFFFFFFu) - 1;
    if ((entry >> 32) == tag && same(this->name(existing), name)) return existing;
  }
  const std::uint32_t index = size();
  arena_.append(name.data(), name.size());
  offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  slots_[slot] = (tag << 32) | (index + 1);
  return index;
}

void IdTable::reserve(std::size_t count, std::size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(count + 1);
  std::size_t wanted = 16;
  while (wanted < count * 2) wanted *= 2;
  if (wanted > slots_.size()) {
    slots_.assign(wanted, 0);
    const std::size_t mask = wanted - 1;
    for (std::uint32_t i = 0; i < size(); ++i) {
      const std::uint64_t hash = hash_of(name(i));
      std::size_t slot = static_cast<std::size_t>(hash) & mask;
      while (slots_[slot] != 0) slot = (slot + 1) & mask;
      slots_[slot] = (static_cast<std::uint64_t>(hash >> 32) << 32) | (i + 1);
    }
  }
}

void IdTable::grow() { reserve(std::max<std::size_t>(16, size() * 2 + 2), arena_.capacity()); }

std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  return nearest(name, candidates.size(), [&](std::size_t i) { return candidates[i]; });
}

std::optional<std::string> nearest_name(std::string_view name, const IdTable& ids) {
  return nearest(name, ids.size(), [&](std::size_t i) { return ids.name(static_cast<std::uint32_t>(i)); });
}

}  // namespace v1
}  // namespace clearance
