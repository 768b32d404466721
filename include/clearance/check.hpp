// Checking a model: every rule of spec §4 over the model's placement, giving a Report of
// findings in the deterministic order of spec §5.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

namespace clearance {
inline namespace v1 {

struct CheckOptions {
  unsigned jobs = 1;  // threads; the report is identical for any value
};

// Runs every rule. The model must outlive nothing: the report holds indices and text.
CLEARANCE_API Report check(const Model& model, const CheckOptions& options = {});

}  // namespace v1
}  // namespace clearance
