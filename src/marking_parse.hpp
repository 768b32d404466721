// Internal: the marking parser for a loader that counts its diagnostics. A "did you mean"
// scans every candidate (the scheme's groups, levels and aliases among them), so after the
// first detail::hinted_diagnostics problems a loader parses without hints and a file of
// many broken markings validates in linear time. Not installed.
#pragma once

#include <clearance/marking.hpp>

#include <string_view>

namespace clearance::detail {

// parse_marking (marking.hpp), with a "did you mean" in its error only when `hinted`.
Marking parse_marking(std::string_view text, Scheme& scheme, bool hinted);

}  // namespace clearance::detail
