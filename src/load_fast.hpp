// The JSON loader's fast path on its own (load.cpp), for the tests that hold it to the
// precise path: it must accept only what the precise path accepts, and read that to the
// same model. Internal; not installed.
#pragma once

#include <clearance/config.hpp>
#include <clearance/model.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace clearance::detail {

// The model of `json` read by the fast path alone: nullopt wherever load_model_json
// would take the precise path (a problem of any kind, collections out of file order,
// an escaped key).
CLEARANCE_API std::optional<Model> load_model_json_fast(std::string_view json, const std::string& file_name);

}  // namespace clearance::detail
