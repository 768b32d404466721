// Internal: parts of check() for callers that re-check only what changed (the what-if
// session, whatif_session.hpp). Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/flow.hpp>
#include <clearance/model.hpp>

#include <cstdint>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Appends the findings of the per-workload rules (placement.*, edge.*, availability.*) of
// `workloads` on the model's placement to `out`, unsorted: check()'s for those workloads.
void check_some_workloads(const Model& model, const std::vector<WorkloadIndex>& workloads, std::vector<Finding>& out);

// Appends the flow findings of the flows f with only[f] != 0 (only has one entry per
// flow) to `out`, unsorted: check_flows()'s for those flows, by the same engine, under the
// same cap on label states (docs/flows.md).
void check_some_flows(const Model& model, const std::vector<unsigned char>& only, std::vector<Finding>& out,
                      unsigned jobs,
                      std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
