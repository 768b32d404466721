// Internal: a monotone priority queue (a radix heap) for the latency searches. Not installed.
//
// Dijkstra's search never asks for a key below the last one it took, so an entry can be
// filed by the highest bit in which its key differs from that last key: 65 buckets, of
// which only the lowest non-empty one is ever sorted out (into lower ones), and each
// entry moves down at most 64 times. Pushing is a few instructions without the branches
// a binary heap mispredicts at every level. Keys are non-negative doubles, which order as
// their bit patterns do. Entries of equal key come out in an order that depends only on
// the pushes, so a search is as deterministic as with a binary heap.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

class RadixQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Files (key, value); key must not be below the last key taken (see lower_to()).
  void push(double key, std::uint32_t value) {
    const std::uint64_t bits = bits_of(key + 0.0);  // + 0.0: -0.0 files as 0.0
    assert(bits >= last_);
    file(bits, value);
    ++size_;
  }

  // The least key; the queue must not be empty.
  double top() {
    if (buckets_[0].empty()) sort_out();
    return key_of(last_);
  }

  // Takes an entry of the least key; the queue must not be empty.
  std::pair<double, std::uint32_t> pop() {
    if (buckets_[0].empty()) sort_out();
    const Entry entry = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return {key_of(entry.key), entry.value};
  }

  // Allows keys down to `key` from now on (entries already filed are filed again).
  void lower_to(double key) {
    const std::uint64_t bits = bits_of(key + 0.0);
    if (bits >= last_) return;
    last_ = bits;
    std::vector<Entry> all;
    all.reserve(size_);
    for (std::vector<Entry>& bucket : buckets_) {
      all.insert(all.end(), bucket.begin(), bucket.end());
      bucket.clear();
    }
    filled_ = 0;
    for (const Entry& entry : all) file(entry.key, entry.value);
  }

  // Empties the queue, keeping its memory; any key may be pushed again.
  void clear() {
    for (std::uint64_t mask = filled_; mask != 0; mask &= mask - 1) buckets_[lowest_bit(mask)].clear();
    buckets_[0].clear();
    filled_ = 0;
    size_ = 0;
    last_ = 0;
  }

 private:
  struct Entry {
    std::uint64_t key;  // the key's bits
    std::uint32_t value;
  };

  static std::uint64_t bits_of(double key) {
    std::uint64_t bits;
    std::memcpy(&bits, &key, sizeof bits);
    return bits;
  }
  static double key_of(std::uint64_t bits) {
    double key;
    std::memcpy(&key, &bits, sizeof key);
    return key;
  }

  // The number of the highest and of the lowest set bit of x != 0, from 1.
  static int highest_bit(std::uint64_t x) {
#if defined(__GNUC__)
    return 64 - __builtin_clzll(x);
#else
    int bit = 0;
    for (; x != 0; x >>= 1) ++bit;
    return bit;
#endif
  }
  static int lowest_bit(std::uint64_t x) {
#if defined(__GNUC__)
    return 1 + __builtin_ctzll(x);
#else
    int bit = 1;
    for (; (x & 1u) == 0; x >>= 1) ++bit;
    return bit;
#endif
  }

  // Bucket 0 holds keys equal to last_; bucket b >= 1 those whose highest bit that
  // differs from last_ is bit b - 1. filled_ has bit b - 1 set when bucket b has entries.
  void file(std::uint64_t key, std::uint32_t value) {
    if (key == last_) {
      buckets_[0].push_back(Entry{key, value});
      return;
    }
    const int bucket = highest_bit(key ^ last_);
    buckets_[bucket].push_back(Entry{key, value});
    filled_ |= std::uint64_t{1} << (bucket - 1);
  }

  // Makes the least key last_ and files its entries in bucket 0: the lowest non-empty
  // bucket holds the least key, and every entry in it lands lower once last_ is that key.
  void sort_out() {
    assert(filled_ != 0);
    const int bucket = lowest_bit(filled_);
    std::vector<Entry>& from = buckets_[bucket];
    std::uint64_t least = from.front().key;
    for (const Entry& entry : from) least = entry.key < least ? entry.key : least;
    last_ = least;
    filled_ &= ~(std::uint64_t{1} << (bucket - 1));
    for (const Entry& entry : from) file(entry.key, entry.value);
    from.clear();
  }

  std::array<std::vector<Entry>, 65> buckets_;
  std::uint64_t last_ = 0;
  std::uint64_t filled_ = 0;
  std::size_t size_ = 0;
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
