// Internal: parts of check() for callers that re-check only what changed (the what-if
// session, whatif_session.hpp). Not installed.
#pragma once

#include <clearance/check.hpp>
#include <clearance/finding.hpp>
#include <clearance/flow.hpp>
#include <clearance/model.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Appends the findings of the per-workload rules (placement.*, edge.*, availability.*) of
// `workloads` on the model's placement to `out`, unsorted: check()'s for those workloads.
void check_some_workloads(const Model& model, const std::vector<WorkloadIndex>& workloads, std::vector<Finding>& out);
// The same on `placement` instead of the model's own (the what-if session's, without the
// down nodes: no copy of the model needed when only the placement changes).
void check_some_workloads(const Model& model, const Placement& placement, const std::vector<WorkloadIndex>& workloads,
                          std::vector<Finding>& out);

// Appends the flow findings of the flows f with only[f] != 0 (only has one entry per
// flow) to `out`, unsorted: check_flows()'s for those flows, by the same engine, under the
// same cap on label states (docs/flows.md).
void check_some_flows(const Model& model, const std::vector<unsigned char>& only, std::vector<Finding>& out,
                      unsigned jobs,
                      std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states);

// A route of the whole model within a working (flow, source) pair's limits, as the links
// it crosses: what the latency searches of the flow rules found on the way to their
// verdicts, kept for the what-if session (whatif_session.cpp), whose scenarios need not
// search a pair again while its witness is whole.
// Pair i is (flow[i], node[i]), its links links[start[i], start[i + 1]).
struct FlowWitnesses {
  std::vector<FlowIndex> flow;
  std::vector<NodeIndex> node;
  std::vector<std::uint32_t> start{0};
  std::vector<LinkIndex> links;
  std::size_t size() const { return flow.size(); }
  void add(FlowIndex f, NodeIndex a, const std::vector<LinkIndex>& route) {
    flow.push_back(f);
    node.push_back(a);
    links.insert(links.end(), route.begin(), route.end());
    start.push_back(static_cast<std::uint32_t>(links.size()));
  }
  void append(const FlowWitnesses& other) {
    flow.insert(flow.end(), other.flow.begin(), other.flow.end());
    node.insert(node.end(), other.node.begin(), other.node.end());
    const auto base = static_cast<std::uint32_t>(links.size());
    for (std::size_t i = 1; i < other.start.size(); ++i) start.push_back(base + other.start[i]);
    links.insert(links.end(), other.links.begin(), other.links.end());
  }
};

struct FlowContext;
class FlowSpace;
// What the flow rules built that a what-if session reads again: the model's FlowContext
// and the product graph of each search class they searched (null for the others).
struct KeptFlowGraphs {
  std::shared_ptr<const FlowContext> context;
  std::vector<std::shared_ptr<const FlowSpace>> spaces;  // per class of context->classes
};

// check_flows(), also giving the witnesses of the pairs its latency searches found within
// their limits (pairs a route alone serves have none) and what it built (`kept`).
void check_flows_keeping_witnesses(const Model& model, std::vector<Finding>& out, const FlowCheckOptions& options,
                                   FlowWitnesses& witnesses, KeptFlowGraphs& kept);
// check(), the same way.
Report check_keeping_witnesses(const Model& model, const CheckOptions& options, FlowWitnesses& witnesses,
                               KeptFlowGraphs& kept);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
