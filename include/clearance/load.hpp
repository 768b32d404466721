// Reading models and placements from JSON files (spec §2). A load succeeds whole or
// throws input_error with every problem found: file, JSON pointer, line:column and what
// was expected, with a "did you mean" for unknown keys and ids.
#pragma once

#include <clearance/model.hpp>
#include <clearance/source_map.hpp>

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

// The same, also filling `source_map` (replaced whole) with where each node, link, data,
// workload, flow and placement entry starts in the file: for reports that point at lines
// (to_sarif through ReportFormatOptions::source_map). Costs one pass over the text and
// 8 bytes per element; the plain overloads do neither.
CLEARANCE_API Model load_model(const std::string& path, SourceMap& source_map);
CLEARANCE_API Model load_model_json(std::string_view json, const std::string& file_name, SourceMap& source_map);

// Reads a placement file (a JSON object of spec §2.7's shape) against a model.
CLEARANCE_API Placement load_placement(const std::string& path, const Model& model);
CLEARANCE_API Placement load_placement_json(std::string_view json, const Model& model,
                                            const std::string& file_name = {});

}  // namespace v1
}  // namespace clearance
