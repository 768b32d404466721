// Internal: hop-count-shortest paths over the links that ignore labels, the witness of
// flow.route (where the shortest path breaks is the finding's explanation). Not installed.
#pragma once

#include <clearance/model.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Hop-count-shortest paths that ignore labels, for the witness of flow.route: a
// breadth-first search from the source and one from the targets, level by level until
// they meet, so that each side stays near its end of the path (Boost.Graph has no
// two-sided search). Each node's crossings are kept live ones first, so that a search
// skips the dead ends hanging off a hub. Arrays persist between calls and only what a
// call touched is reset.
class PlainPaths {
 public:
  explicit PlainPaths(const Model& model) : model_(model) {}
  // Nodes and links of a shortest path from a to a node of targets, following link
  // directions or ignoring them; empty when there is none.
  std::pair<std::vector<NodeIndex>, std::vector<LinkIndex>> shortest(NodeIndex a, Span<NodeIndex> targets,
                                                                     bool directed);

 private:
  // Where each node's crossings are: those into live nodes, then those into dead ends.
  struct Adjacency {
    std::vector<std::uint32_t> start, live_end;  // per node; start has one more
    std::vector<NodeIndex> to;
    std::vector<LinkIndex> link;
  };
  // A crossing from `from` into `to`, a dead end the other side started from.
  struct Exit {
    NodeIndex from, to;
    LinkIndex link;
  };
  // The crossings side 0 (from the source) or side 1 (from the targets, against the
  // links) takes, following link directions or not: built on first use.
  const Adjacency& adjacency(int side, bool directed);
  const Model& model_;
  Adjacency adjacency_[3];               // along directions, against them, either way
  // The searches' own numbering of the nodes (live ones first): inner_[n] for node n,
  // outer_[i] back. The arrays here are indexed by it, adjacency included.
  std::vector<NodeIndex> inner_, outer_;
  std::vector<std::uint8_t> dead_end_;   // per node: all its links join one other node
  std::vector<std::uint32_t> component_; // per node: its part of the estate, joined by links either way
  std::vector<std::uint32_t> depth_[2];  // per side: none when not reached
  std::vector<NodeIndex> parent_[2];     // the node each was reached from
  std::vector<LinkIndex> parent_link_[2];
  std::vector<NodeIndex> touched_[2], frontier_[2];
  std::vector<NodeIndex> next_;          // the level being expanded (kept for its capacity)
  std::vector<Exit> exits_[2];
  std::vector<std::uint8_t> has_exit_[2];
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
