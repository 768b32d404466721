// Checking a model: every rule of spec §4 over the model's placement, giving a Report of
// findings in the deterministic order of spec §5.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/flow.hpp>
#include <clearance/model.hpp>
#include <clearance/waivers.hpp>

#include <cstdint>
#include <memory>

namespace clearance {
inline namespace v1 {

// The options of a check, the same on every surface (C++, the C ABI's
// clearance_check_options, Python's Model.check, the CLI's `check`).
struct CheckOptions {
  unsigned jobs = 1;  // threads, 0 for one per processor; the report is identical for any value
  // Findings below this severity are left out of the report (after waivers are matched,
  // so that whether a waiver is used does not depend on it).
  Severity min_severity = Severity::low;
  // Accepted risk (waivers.hpp), loaded for this model; null: none. Applied as
  // apply_waivers(report, model, waivers, waiver_options) would.
  std::shared_ptr<const Waivers> waivers;
  WaiverOptions waiver_options;
  // The most (node, label) states the flow rules may search for one data class
  // (FlowCheckOptions::max_label_states, docs/flows.md): above it check() throws error
  // (ErrorKind::input) naming the data and the guards that multiply its labels.
  std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states;

  // The defaults but for the number of threads.
  static CheckOptions with_jobs(unsigned jobs) {
    CheckOptions options;
    options.jobs = jobs;
    return options;
  }
};

// Runs every rule, then applies the waivers and min_severity. The model must outlive
// nothing: the report holds indices and text. Throws what apply_waivers throws for
// waivers of another model.
CLEARANCE_API Report check(const Model& model, const CheckOptions& options = {});

}  // namespace v1
}  // namespace clearance
