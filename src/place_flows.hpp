// Internal: what the placement solver asks of the flow engine (spec place-v1 §2), answered
// in constant time per question. A solver on a large estate asks tens of millions of "does
// node a reach one of these nodes for flow f", half of which fail; a two-sided search per
// question that fails walks a whole component. Here each (data class, bandwidth threshold)
// of the flows gets the reachability closure the flow rules build for flow.route
// (ReachClosure, a row of node bits per strong component) and, for flows with a latency
// limit, a row of least latencies to every node per source, computed once over the latency
// search's own arcs (LatencyArcs: the same product graph, dead ends and widths) and kept.
// Not installed.
#pragma once

#include <clearance/model.hpp>
#include <clearance/rules.hpp>

#include "flow_space.hpp"
#include "latency_check.hpp"
#include "reach_closure.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

class PlaceFlows {
 public:
  explicit PlaceFlows(const Model& model);
  ~PlaceFlows();
  PlaceFlows(const PlaceFlows&) = delete;
  PlaceFlows& operator=(const PlaceFlows&) = delete;

  // Whether source node a of flow f has a compatible node among `targets` (a itself, or a
  // route over links of at least the flow's bandwidth within its latency limit).
  bool reaches(FlowIndex f, NodeIndex a, Span<NodeIndex> targets);
  bool compatible(FlowIndex f, NodeIndex a, NodeIndex b) { return reaches(f, a, Span<NodeIndex>(&b, 1)); }
  // Every node a of flow f reaches is marked in `reached` (a byte per node, set to 1; the
  // others are left as they are): one row read instead of a question per node.
  void mark_reached(FlowIndex f, NodeIndex a, std::vector<char>& reached);
  // Per node n, whether n as a source of flow f reaches `targets` (as reaches() answers),
  // into `fits` (a byte per node): one search back from the targets for every node at once.
  void sources_reaching(FlowIndex f, Span<NodeIndex> targets, std::vector<char>& fits);
  // The rule a source node fails against the targets (flow.route, then flow.bandwidth,
  // then flow.latency, as model-v1 §4.1 orders them); placement_missing stands for none.
  // `unreached`: the caller knows that a does not reach them.
  RuleId failure(FlowIndex f, NodeIndex a, Span<NodeIndex> targets, bool unreached = false);
  // Rows of latencies computed so far (what the tables cost).
  std::size_t latency_rows() const;

 private:
  struct Search;  // per search class: the product graph, its arcs, the exact search
  struct Table;   // per (search class, threshold): closure and latency rows
  Table& table(std::uint32_t t);
  // The table's reach closure, built when first asked; nullptr when over its budget.
  ReachClosure* closure(Table& table);
  Search& search(std::uint32_t s);
  // The least latency from source a to each node over arcs of `table`'s width, a row of
  // node_count floats (infinity: unreached); nullptr when a reaches nothing but itself.
  const float* latency_row(Table& table, NodeIndex a);
  bool reaches_within(Table& table, NodeIndex a, Span<NodeIndex> targets, double limit);
  bool exactly_within(Table& table, NodeIndex a, Span<NodeIndex> targets, double limit);

  const Model& model_;
  std::unique_ptr<FlowContext> context_;
  std::vector<std::unique_ptr<Search>> searches_;      // per search class, built when first asked
  std::vector<std::unique_ptr<Table>> tables_;         // per (search class, threshold) of some flow
  std::vector<std::uint32_t> table_of_flow_, route_table_of_flow_;  // the flow's, and its at threshold 0
  std::vector<double> limit_of_flow_;                  // infinity: no latency limit
  bool integral_latencies_ = true;                     // every link's latency an integer below 10^6
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
