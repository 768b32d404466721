// The hash of every table keyed by input text (ids, compartments, waiver ids, JSON keys):
// SipHash-1-3 under a key drawn at random once per process, so that no one who writes a
// model can choose ids that collide (hash flooding, issue 23). Nothing printed may depend
// on it: tables are read by index, never in slot order. Internal; not installed.
#pragma once

#include <clearance/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace clearance::detail {

// SipHash-1-3 of `text` under this process's random 128-bit key.
CLEARANCE_API std::uint64_t keyed_hash(std::string_view text) noexcept;

// SipHash-1-3 (what keyed_hash uses) and SipHash-2-4 (the paper's test vectors, which
// check the code both share) under a given key.
CLEARANCE_API std::uint64_t siphash13(std::string_view text, std::uint64_t key0, std::uint64_t key1) noexcept;
CLEARANCE_API std::uint64_t siphash24(std::string_view text, std::uint64_t key0, std::uint64_t key1) noexcept;

// The hasher of a std::unordered_map keyed by input text.
struct KeyedHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return static_cast<std::size_t>(keyed_hash(text)); }
};

}  // namespace clearance::detail
