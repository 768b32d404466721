// The snapshot header, for tests and the fuzz target that forge snapshots; applications
// use snapshot.hpp. Layout (little-endian): magic (12 bytes), format version (u32),
// archive kind (u8), 3 zero bytes, payload size (u64), CRC-32C of the payload (u64).
#pragma once

#include <clearance/snapshot.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace clearance::detail {

inline constexpr std::string_view snapshot_magic{"\x89" "CLRSNAP\r\n\x1a\n", 12};
inline constexpr std::uint32_t snapshot_format_version = 2;  // 2: markings-v1.1; 1 is still read
inline constexpr std::size_t snapshot_header_size = 36;

// CRC-32C (Castagnoli) of the payload, as stored in the header.
CLEARANCE_API std::uint64_t snapshot_checksum(std::string_view payload);

// Header + payload, with the size and checksum of `payload`.
CLEARANCE_API std::string seal_snapshot(SnapshotFormat format, std::string_view payload,
                                        std::uint32_t format_version = snapshot_format_version);

}  // namespace clearance::detail
