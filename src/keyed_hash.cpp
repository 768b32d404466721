#include "keyed_hash.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>

namespace clearance::detail {
namespace {

inline std::uint64_t rotate(std::uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

struct SipState {
  std::uint64_t v0, v1, v2, v3;

  void round() {
    v0 += v1;
    v1 = rotate(v1, 13);
    v1 ^= v0;
    v0 = rotate(v0, 32);
    v2 += v3;
    v3 = rotate(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotate(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotate(v1, 17);
    v1 ^= v2;
    v2 = rotate(v2, 32);
  }
};

// Little-endian, as the reference implementation reads its blocks.
inline std::uint64_t load_le(const char* bytes) {
  std::uint64_t value;
  std::memcpy(&value, bytes, sizeof value);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  value = __builtin_bswap64(value);
#endif
  return value;
}

// SipHash-c-d (Aumasson and Bernstein): c rounds per 8-byte block, d to finish.
template <int compression, int finalization>
std::uint64_t siphash(std::string_view text, std::uint64_t key0, std::uint64_t key1) {
  SipState s{key0 ^ 0x736f6d6570736575ull, key1 ^ 0x646f72616e646f6dull, key0 ^ 0x6c7967656e657261ull,
             key1 ^ 0x7465646279746573ull};
  const auto absorb = [&](std::uint64_t block) {
    s.v3 ^= block;
    for (int i = 0; i < compression; ++i) s.round();
    s.v0 ^= block;
  };
  const char* data = text.data();
  const std::size_t size = text.size();
  const std::size_t whole = size & ~static_cast<std::size_t>(7);
  for (std::size_t i = 0; i < whole; i += 8) absorb(load_le(data + i));
  // The last 0 to 7 bytes, with the length in the top byte (as the reference's switch).
  std::uint64_t last = static_cast<std::uint64_t>(size & 0xFF) << 56;
  const auto* tail = reinterpret_cast<const unsigned char*>(data + whole);
  switch (size - whole) {
    case 7: last |= static_cast<std::uint64_t>(tail[6]) << 48; [[fallthrough]];
    case 6: last |= static_cast<std::uint64_t>(tail[5]) << 40; [[fallthrough]];
    case 5: last |= static_cast<std::uint64_t>(tail[4]) << 32; [[fallthrough]];
    case 4: last |= static_cast<std::uint64_t>(tail[3]) << 24; [[fallthrough]];
    case 3: last |= static_cast<std::uint64_t>(tail[2]) << 16; [[fallthrough]];
    case 2: last |= static_cast<std::uint64_t>(tail[1]) << 8; [[fallthrough]];
    case 1: last |= static_cast<std::uint64_t>(tail[0]); break;
    default: break;
  }
  absorb(last);
  s.v2 ^= 0xFF;
  for (int i = 0; i < finalization; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

struct ProcessKey {
  std::uint64_t k0, k1;
  ProcessKey() {
    try {
      std::random_device device;  // getrandom(2) on Linux
      const auto draw = [&] { return (static_cast<std::uint64_t>(device()) << 32) ^ device(); };
      k0 = draw();
      k1 = draw();
    } catch (...) {
      // No entropy source: the clock and where this process was loaded still differ
      // from run to run, which is all flooding needs to be defeated in practice.
      const auto now = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
      k0 = now ^ reinterpret_cast<std::uintptr_t>(this);
      k1 = siphash<2, 4>("clearance", now, reinterpret_cast<std::uintptr_t>(&keyed_hash));
    }
  }
};

}  // namespace

std::uint64_t siphash13(std::string_view text, std::uint64_t key0, std::uint64_t key1) noexcept {
  return siphash<1, 3>(text, key0, key1);
}

std::uint64_t siphash24(std::string_view text, std::uint64_t key0, std::uint64_t key1) noexcept {
  return siphash<2, 4>(text, key0, key1);
}

std::uint64_t keyed_hash(std::string_view text) noexcept {
  static const ProcessKey key;
  return siphash13(text, key.k0, key.k1);
}

}  // namespace clearance::detail
