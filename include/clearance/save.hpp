// Saving a model as JSON in canonical form: keys in the spec's order, ids sorted within
// each collection, markings canonical, defaults left out, numbers in their shortest form
// that reads back exactly. Load -> save -> load is a fixed point, and two equivalent
// models save byte-identical, so saved models diff well in review.
#pragma once

#include <clearance/model.hpp>

#include <string>

namespace clearance {
inline namespace v1 {

// The canonical JSON text of a model: 2-space indentation, one item per line, a
// trailing newline.
CLEARANCE_API std::string to_canonical_json(const Model& model);

// Writes to_canonical_json(model) atomically (write_file_atomically). Throws error
// (ErrorKind::io) naming the file and the reason; the old file stays intact then.
CLEARANCE_API void save_json(const Model& model, const std::string& path);

}  // namespace v1
}  // namespace clearance
