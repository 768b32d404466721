// Test-only: the flow rules searched straight from the spec, one flow and source at a
// time (plain Dijkstra over the implicit product graph, Boost's Dijkstra run to the end
// for the witnesses), to check the library's shared and two-sided searches against.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

#include "flow_space.hpp"
#include "plain_paths.hpp"

#include <vector>

namespace clearance {
namespace reference {

// The least latency from (a, 0) to a node of `targets` over links of bandwidth >=
// threshold, in `data_class`'s label states (0 when a is a target; infinity when there
// is no route). Walks the links and tests holding as it goes: no FlowSpace is involved.
double least_latency(const detail::FlowContext& context, const detail::DataClass& data_class, NodeIndex a,
                     Span<NodeIndex> targets, double threshold);

// The fastest route from (a, 0) to a node of `targets` over edges of bandwidth >=
// threshold (empty vertices when none), by Boost's Dijkstra over the whole graph.
detail::ProductRoute fastest_route(const detail::FlowSpace& space, NodeIndex a, Span<NodeIndex> targets,
                                   double threshold);

// The route from (a, 0) to a node of `targets` whose narrowest link is widest, by Boost's
// Dijkstra in the (max, min) semiring (empty vertices when none).
detail::ProductRoute widest_route(const detail::FlowSpace& space, NodeIndex a, Span<NodeIndex> targets);

// The verdict for one flow and source node by the searches above: true and the finding
// in `out` when a flow rule fires. `space` is the product graph of the flow's own class.
bool check_flow_source(const detail::FlowContext& context, const detail::FlowSpace& space,
                       detail::PlainPaths& plain, FlowIndex f, NodeIndex a, Finding& out);

// The flow findings of the model, as check_flows gives them (unsorted), every flow and
// distinct source node searched on its own. Slower by orders of magnitude.
void check_flows(const Model& model, std::vector<Finding>& out);

}  // namespace reference
}  // namespace clearance
