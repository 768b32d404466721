// Internal: the findings of the flow rules and their evidence: the witness hops of a
// route, where the shortest plain path breaks for flow.route, and the messages. Shared by
// check_flows and explain_flow. Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Witness hops of a product route of `space`, labelled as `data_class` writes its states
// (the flow's own class, which may share the space of another).
std::vector<Hop> hops_of(const Model& model, const FlowSpace& space, const DataClass& data_class,
                         const ProductRoute& route);

// Why a flow has no route from `a`: the hop-count-shortest path that ignores labels and
// where it breaks.
struct RouteBreak {
  std::vector<Hop> path;       // the plain path with the labels carried (may be empty)
  std::string why;             // the facts, for the message
  std::string remediation;     // what to change
};
RouteBreak explain_no_route(const Model& model, PlainPaths& plain, const GuardReleases& guards,
                            const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets);

// The explanations of flow.route for one source node at a time, shared by its findings:
// the path and where it breaks depend only on the data class, the source and the target
// nodes, so the flows of one source to the same nodes with data of one class search once
// (issue 20). Asked with sources in order; a new source forgets the last one's.
class RouteExplanations {
 public:
  const RouteBreak& of(const Model& model, PlainPaths& plain, const GuardReleases& guards, std::uint32_t data_class,
                       const DataClass& data, NodeIndex a, Span<NodeIndex> targets);

 private:
  struct Key {
    std::uint32_t data_class;
    Span<NodeIndex> targets;
    bool operator==(const Key& other) const;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const;
  };
  NodeIndex source_ = none;
  std::unordered_map<Key, RouteBreak, KeyHash> known_;
};

// The findings of the flow rules for flow f from source node a, with their evidence.
// route_finding's plain path comes from `plain` (one per thread); with `explanations`,
// the explanation another finding of the same source already found is reused.
Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a,
                      RouteExplanations* explanations = nullptr);
// `widest` is the widest allowed route (empty vertices when there is none).
Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& widest,
                          FlowIndex f, NodeIndex a);
// `fastest` is the fastest route that meets the flow's bandwidth.
Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& fastest,
                        FlowIndex f, NodeIndex a);

// The verdict for one flow and source node, by `search` over `space` (the flow's class's
// product graph): true and the finding in `out` when a flow rule fires. The rules apply
// in the spec's order (route, then bandwidth, then latency), and the evidence is the
// routes check_flows reports.
bool check_flow_source(const FlowContext& context, const FlowSpace& space, LatencyCheck& search, PlainPaths& plain,
                       FlowIndex f, NodeIndex a, Finding& out);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
