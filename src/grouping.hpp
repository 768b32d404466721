// Internal: indices grouped by a key, for tables per class of alike items. Not installed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Indices 0..count-1 grouped by key(i), classes numbered in key order: class_of[i] is
// i's class, representative[c] the lowest index of class c.
struct Grouping {
  std::vector<std::uint32_t> class_of;
  std::vector<std::uint32_t> representative;
};

template <typename Key>
Grouping group_by_key(std::uint32_t count, Key key) {
  std::vector<std::uint32_t> order(count);
  for (std::uint32_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  Grouping grouping;
  grouping.class_of.assign(count, 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || key(order[i - 1]) != key(order[i])) grouping.representative.push_back(order[i]);
    grouping.class_of[order[i]] = static_cast<std::uint32_t>(grouping.representative.size() - 1);
  }
  return grouping;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
