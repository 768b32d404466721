// Snapshots: a Model saved whole in a Boost.Serialization archive behind a small header
// (magic, format version, archive kind, payload size, CRC-32C checksum), for host
// applications that keep a model in memory and want to persist and reload it fast.
// A later release reads today's snapshots; a snapshot from a newer release, or one that
// is truncated or corrupt, is refused with a clear error and never half-loaded.
#pragma once

#include <clearance/model.hpp>
#include <clearance/source_map.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// The archive under the header. Binary is the fastest and the default, but it is tied
// to this platform's byte order and type sizes; text and XML are portable.
enum class SnapshotFormat : std::uint8_t { binary = 1, text = 2, xml = 3 };

// "binary", "text" or "xml".
CLEARANCE_API std::string_view to_string(SnapshotFormat format);

// The snapshot of a model as bytes (header and archive).
CLEARANCE_API std::string snapshot_bytes(const Model& model, SnapshotFormat format = SnapshotFormat::binary);

// Writes a snapshot atomically (write_file_atomically): the old file stays intact when
// the write fails. Throws error (ErrorKind::io) naming the file and the reason.
CLEARANCE_API void save_snapshot(const Model& model, const std::string& path,
                                 SnapshotFormat format = SnapshotFormat::binary);

// Loads a snapshot from bytes. Throws error (ErrorKind::input) when the bytes are not a
// snapshot, are truncated or corrupt, come from a newer release, or describe a model that
// breaks an invariant (an index out of range, a duplicate id, ...).
CLEARANCE_API Model load_snapshot_bytes(std::string_view bytes);

// Loads a snapshot file: as load_snapshot_bytes, with the file named in each message;
// ErrorKind::io when the file cannot be read.
CLEARANCE_API Model load_snapshot(const std::string& path);

// True when `bytes` start with the snapshot magic.
CLEARANCE_API bool is_snapshot(std::string_view bytes);

// Loads a model from a snapshot or a JSON file, whichever the file's first bytes say it
// is: what the CLI does wherever it reads a model. Errors as load_snapshot / load_model.
CLEARANCE_API Model load_any_model(const std::string& path);
// The same, filling `source_map` for a JSON file (load.hpp); a snapshot keeps no source
// positions, so for one the map is left empty and reports fall back to logical locations.
CLEARANCE_API Model load_any_model(const std::string& path, SourceMap& source_map);

}  // namespace v1
}  // namespace clearance
