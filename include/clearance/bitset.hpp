// A fixed-size bitset with the set operations the label lattice needs (subset tests,
// union, intersection) and cheap iteration over members. Compartments and countries
// are interned to dense ids and held in these, so label checks are a few word ops.
#pragma once

#include <clearance/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace clearance {
inline namespace v1 {

template <std::size_t Bits>
class BitSet {
  static_assert(Bits % 64 == 0, "BitSet holds whole 64-bit words");

 public:
  static constexpr std::size_t capacity = Bits;
  static constexpr std::size_t word_count = Bits / 64;

  constexpr BitSet() = default;

  // Every bit set: the neutral element of intersection.
  static constexpr BitSet all() {
    BitSet result;
    for (auto& word : result.words_) word = ~std::uint64_t{0};
    return result;
  }

  constexpr void insert(std::size_t bit) { words_[bit / 64] |= std::uint64_t{1} << (bit % 64); }
  constexpr void erase(std::size_t bit) { words_[bit / 64] &= ~(std::uint64_t{1} << (bit % 64)); }
  constexpr bool contains(std::size_t bit) const {
    return (words_[bit / 64] >> (bit % 64)) & 1u;
  }

  constexpr bool empty() const {
    for (auto word : words_)
      if (word != 0) return false;
    return true;
  }

  std::size_t size() const {
    std::size_t count = 0;
    for (auto word : words_) count += static_cast<std::size_t>(__builtin_popcountll(word));
    return count;
  }

  // True when every member of this set is also in `other`.
  constexpr bool is_subset_of(const BitSet& other) const {
    for (std::size_t i = 0; i < word_count; ++i)
      if (words_[i] & ~other.words_[i]) return false;
    return true;
  }

  constexpr BitSet& operator|=(const BitSet& other) {
    for (std::size_t i = 0; i < word_count; ++i) words_[i] |= other.words_[i];
    return *this;
  }
  constexpr BitSet& operator&=(const BitSet& other) {
    for (std::size_t i = 0; i < word_count; ++i) words_[i] &= other.words_[i];
    return *this;
  }
  // Members of this set that are not in `other`.
  constexpr BitSet minus(const BitSet& other) const {
    BitSet result = *this;
    for (std::size_t i = 0; i < word_count; ++i) result.words_[i] &= ~other.words_[i];
    return result;
  }

  friend constexpr BitSet operator|(BitSet a, const BitSet& b) { return a |= b; }
  friend constexpr BitSet operator&(BitSet a, const BitSet& b) { return a &= b; }
  friend constexpr bool operator==(const BitSet& a, const BitSet& b) { return a.words_ == b.words_; }
  friend constexpr bool operator!=(const BitSet& a, const BitSet& b) { return !(a == b); }

  // Calls f(bit) for each member, lowest first.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < word_count; ++i) {
      std::uint64_t word = words_[i];
      while (word != 0) {
        f(i * 64 + static_cast<std::size_t>(__builtin_ctzll(word)));
        word &= word - 1;
      }
    }
  }

  const std::array<std::uint64_t, word_count>& words() const { return words_; }
  std::array<std::uint64_t, word_count>& words() { return words_; }

 private:
  std::array<std::uint64_t, word_count> words_{};
};

}  // namespace v1
}  // namespace clearance
