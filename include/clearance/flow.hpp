// The flow rules of spec §4.1 (flow.route, flow.bandwidth, flow.latency): routing data
// from each source replica through guards, diodes and carriers to the target workload,
// with the witness path as evidence. check() calls this; docs/flows.md has the semantics.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

#include <cstdint>
#include <vector>

namespace clearance {
inline namespace v1 {

struct FlowCheckOptions {
  // Threads for the searches and the findings' evidence, 0 for one per processor; the
  // findings (and their order) are the same for any value.
  unsigned jobs = 1;
  // The most (node, label) states the search of one data class may have: nodes times the
  // labels its data can take through guard releases (docs/flows.md, "Label states"). A
  // chain of guards that each release into labels of their own makes them quadratic in the
  // guards; above the limit check_flows throws error (ErrorKind::input) naming the data and
  // the guards whose releases multiply its labels, instead of running out of memory.
  // Values above 2^31 - 1 count as 2^31 - 1 (the searches number states in 31 bits).
  std::uint64_t max_label_states = default_max_label_states;
  static constexpr std::uint64_t default_max_label_states = 10'000'000;
};

// Appends the flow findings of every flow and source node of the model's placement to
// `out`, unsorted (sort_findings orders them). Each finding carries the keys flow and
// node (the source), a message naming the facts and the remediation, and a witness path:
// for flow.route the hop-count-shortest path that ignores labels, labelled up to where it
// breaks; for flow.bandwidth the widest allowed route; for flow.latency the fastest route
// that meets the flow's bandwidth. Throws error (ErrorKind::input) when a data class has
// more label states than options.max_label_states, and std::bad_alloc.
CLEARANCE_API void check_flows(const Model& model, std::vector<Finding>& out);
CLEARANCE_API void check_flows(const Model& model, std::vector<Finding>& out, const FlowCheckOptions& options);

}  // namespace v1
}  // namespace clearance
