// Internal: the single points of failure of working (flow, source) pairs (spec
// resilience-v1 §3) from the structure of the product graph, without a check per element:
// dominators for what every route needs, and searches with one element masked only where a
// route may survive but break the flow's latency bound, or where an element has several
// vertices or arcs in the graph (label states, both directions). Not installed.
#pragma once

#include <clearance/whatif.hpp>
#include <clearance/whatif_session.hpp>

#include "flow_space.hpp"

#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// For each pair of `pairs` (working pairs of the whole model, as WhatIfSession finds them),
// its critical elements, unsorted and without repeats. `context`: of the model.
std::vector<std::vector<Element>> critical_elements(const FlowContext& context, const std::vector<FlowSource>& pairs);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
