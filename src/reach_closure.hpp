// Internal: which nodes a vertex of a product graph reaches, for flow.route (and, where
// searches would cost more, flow.bandwidth): a closure over the strong components that
// answers every source at once, or a search per source where the closure is too large.
#pragma once

#include "flow_space.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// The nodes every vertex reaches (itself included) over edges of bandwidth >= threshold,
// by strong components and their condensation: one pass answers every source node. A
// row of node bits is kept only for components that an edge enters or that hold several
// vertices; the others (a source vertex that nothing reaches, such as (a, 0) where a may
// not hold the data) are answered from their successors' rows when asked. Read-only once
// built: threads share one, each asking with a Scratch of its own.
class ReachClosure {
 public:
  // Builds nothing (built() false) when the rows would take more than budget_bytes.
  ReachClosure(const FlowSpace& space, std::size_t node_count, double threshold, std::size_t budget_bytes);
  bool built() const { return !component_.empty() || vertex_count_ == 0; }
  // The row of the last vertex asked that has none of its own, so that questions sorted
  // by source cost one merge each.
  struct Scratch {
    VertexIndex vertex = 0xFFFFFFFFu;
    std::vector<std::uint64_t> row;
  };
  // Whether `from` reaches a node of `nodes`.
  bool reaches_any(VertexIndex from, Span<NodeIndex> nodes, Scratch& scratch) const;
  bool reaches_any(VertexIndex from, Span<NodeIndex> nodes) { return reaches_any(from, nodes, scratch_); }

 private:
  const std::uint64_t* row_of(VertexIndex from, Scratch& scratch) const;
  std::size_t words_;
  std::size_t vertex_count_ = 0;
  std::vector<std::uint32_t> component_;
  std::vector<std::uint32_t> row_;        // per component: its row, or none
  std::vector<std::uint64_t> bits_;
  // For a vertex whose component has no row: its successors' components are
  // successors_[successor_begin_[v], successor_end_[v]).
  std::vector<std::uint32_t> successor_begin_, successor_end_, successors_;
  std::vector<NodeIndex> own_node_;       // per vertex without a row: its node
  Scratch scratch_;
};

// The strong components of the product graph's edges of bandwidth >= threshold, numbered
// in reverse topological order (an edge leaves a component only for one numbered lower),
// as Tarjan's algorithm numbers them; returns how many there are. Pearce's variant, without
// recursion: a word per vertex and a cursor per vertex on the depth-first path. With
// `entered`, entered[c] tells whether an edge from another component enters c.
std::size_t strong_components(const FlowSpace& space, double threshold, std::vector<std::uint32_t>& component,
                              std::vector<std::uint8_t>* entered = nullptr);

// Least total latency from (a, 0) to each node over edges of bandwidth >= threshold, by
// Dijkstra over the whole graph; `node_distance[n]` is the least over n's states
// (infinity when unreached). With `predecessor` and `vertex_distance`, the search tree
// and each vertex's distance too.
void least_latency(const FlowSpace& space, NodeIndex a, double threshold,
                   std::vector<double>& node_distance, std::vector<VertexIndex>* predecessor,
                   std::vector<double>* vertex_distance);

// Answers "does (a, 0) reach a node of the targets" for one class and threshold: by the
// closure when it fits in `budget_bytes`, else by a search per source (least_latency;
// the answer for the last source is kept, as questions come sorted by source).
class Reachability {
 public:
  Reachability(const FlowSpace& space, std::size_t node_count, double threshold, std::size_t budget_bytes);
  // Asks `closure`, shared with other threads (null: a search per source).
  Reachability(const FlowSpace& space, double threshold, std::shared_ptr<const ReachClosure> closure);
  bool reaches_any(NodeIndex a, Span<NodeIndex> targets);
  // Whether the closure answers (false: a search per source does).
  bool has_closure() const { return closure_ != nullptr; }

 private:
  const FlowSpace& space_;
  double threshold_;
  std::shared_ptr<const ReachClosure> closure_;
  ReachClosure::Scratch scratch_;
  NodeIndex source_ = none;
  std::vector<double> distance_;
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
