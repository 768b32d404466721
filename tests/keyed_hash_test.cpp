// Tests of src/keyed_hash.hpp and of the id table that uses it: SipHash as its authors
// give it, and ids chosen so that std::hash agrees on the bits a table indexes by (hash
// flooding, issue 23) cost an id table no more than ordinary ids.
#include <doctest/doctest.h>

#include <clearance/id_table.hpp>

#include "keyed_hash.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace clearance;

namespace {

// The bits of a hash an id table of `count` ids indexes its slots by (IdTable::reserve
// gives it twice as many slots as ids, a power of two).
std::uint64_t slot_mask(std::size_t count) {
  std::uint64_t slots = 16;
  while (slots < count * 2) slots *= 2;
  return slots - 1;
}

// `count` ids of the shape "n-<number>" whose std::hash agrees in the bits of `mask`: a
// brute-force search, about mask + 1 hashes per id.
std::vector<std::string> ids_colliding_under_std_hash(std::size_t count, std::uint64_t mask) {
  std::vector<std::string> ids;
  std::string id;
  std::uint64_t target = 0;
  for (std::uint64_t n = 0; ids.size() < count; ++n) {
    id = "n-" + std::to_string(n);
    const std::uint64_t bits = std::hash<std::string_view>{}(id) & mask;
    if (ids.empty()) target = bits;
    if (bits == target) ids.push_back(id);
  }
  return ids;
}

// Ordinary ids of the same shape and lengths.
std::vector<std::string> ordinary_ids_like(const std::vector<std::string>& ids) {
  std::vector<std::string> ordinary;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string id = "n-" + std::to_string(i);
    while (id.size() < ids[i].size()) id.insert(2, "0");
    ordinary.push_back(id);
  }
  return ordinary;
}

constexpr std::size_t colliding_count = 4096;

const std::vector<std::string>& colliding_ids() {
  static const std::vector<std::string> ids = ids_colliding_under_std_hash(colliding_count, slot_mask(colliding_count));
  return ids;
}

// Seconds to build an id table of `ids` and look each one up, the least of a few runs.
double table_seconds(const std::vector<std::string>& ids) {
  double best = 1e9;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    IdTable table;
    table.reserve(ids.size(), ids.size() * 8);
    for (const std::string& id : ids) REQUIRE(table.insert(id));
    for (std::size_t i = 0; i < ids.size(); ++i) REQUIRE(table.find(ids[i]) == i);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

TEST_SUITE("keyed_hash") {
  TEST_CASE("SipHash-2-4 gives the test vectors of its paper, so the rounds SipHash-1-3 shares are right") {
    // Key 00 01 .. 0f; message 00 01 .. (n - 1) for n = 0 .. 16 (Aumasson and Bernstein).
    const std::uint64_t expected[17] = {
        0x726fdb47dd0e0e31ull, 0x74f839c593dc67fdull, 0x0d6c8009d9a94f5aull, 0x85676696d7fb7e2dull,
        0xcf2794e0277187b7ull, 0x18765564cd99a68dull, 0xcbc9466e58fee3ceull, 0xab0200f58b01d137ull,
        0x93f5f5799a932462ull, 0x9e0082df0ba9e4b0ull, 0x7a5dbbc594ddb9f3ull, 0xf4b32f46226bada7ull,
        0x751e8fbc860ee5fbull, 0x14ea5627c0843d90ull, 0xf723ca908e7af2eeull, 0xa129ca6149be45e5ull,
        0x3f2acc7f57c29bdbull};
    std::string message;
    for (std::size_t n = 0; n < 17; ++n) {
      CHECK(detail::siphash24(message, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull) == expected[n]);
      message += static_cast<char>(n);
    }
  }

  TEST_CASE("ids that agree in the slot bits of std::hash spread over an id table's slots") {
    const auto& ids = colliding_ids();
    const std::uint64_t mask = slot_mask(ids.size());
    std::set<std::uint64_t> std_slots, keyed_slots;
    for (const std::string& id : ids) {
      std_slots.insert(std::hash<std::string_view>{}(id) & mask);
      keyed_slots.insert(detail::keyed_hash(id) & mask);
    }
    CHECK(std_slots.size() == 1);
    // 4,096 ids thrown at random into 8,192 slots fill about 3,200 of them.
    CHECK(keyed_slots.size() > ids.size() / 2);
  }

  TEST_CASE("an id table of ids that collide under std::hash is no slower than twice one of ordinary ids") {
    const auto& ids = colliding_ids();
    const double colliding = table_seconds(ids);
    const double ordinary = table_seconds(ordinary_ids_like(ids));
    MESSAGE("colliding ids: " << colliding * 1e3 << " ms, ordinary ids: " << ordinary * 1e3 << " ms");
    // With std::hash the colliding ids were one probe run of 4,096 slots: ~30x slower.
    CHECK(colliding <= 2 * ordinary + 0.0005);
  }

  TEST_CASE("the keyed hash of a text is the same at every call within a process") {
    for (const std::string& id : colliding_ids()) CHECK(detail::keyed_hash(id) == detail::keyed_hash(std::string(id)));
  }
}
