// Reading models and placements from JSON files (spec §2). A load succeeds whole or
// throws input_error with every problem found: file, JSON pointer, line:column and what
// was expected, with a "did you mean" for unknown keys and ids.
#pragma once

#include <clearance/model.hpp>

#include <string>
#include <string_view>

namespace clearance {
inline namespace v1 {

// Loads a model file. Without a "name" key the model is named after the file (its name
// without directory and extension). Throws input_error (ErrorKind::input) or error
// (ErrorKind::io when the file cannot be read).
CLEARANCE_API Model load_model(const std::string& path);

// Loads a model from JSON text; `file_name` is used in diagnostics and for the default
// name ("model" when empty).
CLEARANCE_API Model load_model_json(std::string_view json, const std::string& file_name = {});

// Reads a placement file (a JSON object of spec §2.7's shape) against a model.
CLEARANCE_API Placement load_placement(const std::string& path, const Model& model);
CLEARANCE_API Placement load_placement_json(std::string_view json, const Model& model,
                                            const std::string& file_name = {});

}  // namespace v1
}  // namespace clearance
