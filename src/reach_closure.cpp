// The reachability closure of a product graph and its fallback (see reach_closure.hpp).
#include "reach_closure.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {

// Edges of at least a given bandwidth: the part of the product graph a flow with
// min_bandwidth_mbps may use (threshold 0 keeps every edge, as bandwidths are > 0).
struct BandwidthAtLeast {
  const ProductGraph* graph = nullptr;
  double threshold = 0;
  template <typename Edge>
  bool operator()(const Edge& edge) const {
    return (*graph)[edge].bandwidth_mbps >= threshold;
  }
};

using FilteredGraph = boost::filtered_graph<ProductGraph, BandwidthAtLeast>;

}  // namespace

ReachClosure::ReachClosure(const FlowSpace& space, std::size_t node_count, double threshold,
                           std::size_t budget_bytes)
    : words_((node_count + 63) / 64) {
  const ProductGraph& graph = space.graph();
  vertex_count_ = boost::num_vertices(graph);
  if (threshold <= 0) {
    close(space, graph, budget_bytes);  // every edge qualifies
    return;
  }
  // A copy of the edges that carry the threshold: a depth-first search over a plain CSR
  // graph is several times faster than over a filtered_graph.
  const VertexIndex vertex_count = static_cast<VertexIndex>(vertex_count_);
  std::vector<std::pair<VertexIndex, VertexIndex>> edges;
  edges.reserve(boost::num_edges(graph));
  for (VertexIndex u = 0; u < vertex_count; ++u) {
    auto range = boost::out_edges(u, graph);
    for (auto e = range.first; e != range.second; ++e)
      if (graph[*e].bandwidth_mbps >= threshold) edges.emplace_back(u, boost::target(*e, graph));
  }
  using PlainGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                        boost::no_property, VertexIndex, std::uint32_t>;
  const PlainGraph subgraph(boost::edges_are_sorted, edges.begin(), edges.end(), vertex_count,
                            static_cast<std::uint32_t>(edges.size()));
  edges.clear();
  edges.shrink_to_fit();
  close(space, subgraph, budget_bytes);
}

template <typename Graph>
void ReachClosure::close(const FlowSpace& space, const Graph& graph, std::size_t budget_bytes) {
  const std::size_t vertex_count = boost::num_vertices(graph);
  std::vector<std::uint32_t> component(vertex_count, 0);
  // Tarjan's algorithm numbers components in reverse topological order: an edge leaves a
  // component only for one numbered lower, so one pass in increasing order closes them.
  const std::size_t component_count = boost::strong_components(
      graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph)));
  std::vector<std::uint32_t> start(component_count + 1, 0);
  for (std::uint32_t c : component) ++start[c + 1];
  for (std::size_t c = 0; c < component_count; ++c) start[c + 1] += start[c];
  // A component needs a row when an edge enters it (its row is merged into others) or
  // when it has several vertices (asking it would walk all their edges).
  row_.assign(component_count, none);
  std::size_t rows = 0;
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    auto range = boost::out_edges(v, graph);
    for (auto e = range.first; e != range.second; ++e) {
      const std::uint32_t d = component[boost::target(*e, graph)];
      if (d != component[v] && row_[d] == none) row_[d] = 0;
    }
  }
  for (std::size_t c = 0; c < component_count; ++c)
    if (row_[c] == 0 || start[c + 1] - start[c] > 1) row_[c] = static_cast<std::uint32_t>(rows++);
  if (rows * words_ * 8 > budget_bytes) {
    row_.clear();
    return;  // built() is false: the caller searches instead
  }
  std::vector<VertexIndex> members(vertex_count);
  {
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (VertexIndex v = 0; v < vertex_count; ++v) members[next[component[v]]++] = v;
  }
  bits_.assign(rows * words_, 0);
  std::vector<std::uint32_t> merged_into(component_count, none);  // the last component that took d's bits
  successor_begin_.assign(vertex_count, 0);
  successor_end_.assign(vertex_count, 0);
  own_node_.assign(vertex_count, none);
  for (std::size_t c = 0; c < component_count; ++c) {
    if (row_[c] == none) {
      // One vertex that no edge enters: keep its successors' components instead of a row.
      const VertexIndex v = members[start[c]];
      own_node_[v] = space.node_of(v);
      successor_begin_[v] = static_cast<std::uint32_t>(successors_.size());
      auto range = boost::out_edges(v, graph);
      for (auto e = range.first; e != range.second; ++e) {
        const std::uint32_t d = component[boost::target(*e, graph)];
        if (d == c || merged_into[d] == c) continue;  // d == c: a loop back to itself
        merged_into[d] = static_cast<std::uint32_t>(c);
        successors_.push_back(d);
      }
      successor_end_[v] = static_cast<std::uint32_t>(successors_.size());
      continue;
    }
    std::uint64_t* bits = &bits_[std::size_t(row_[c]) * words_];
    for (std::uint32_t i = start[c]; i < start[c + 1]; ++i) {
      const VertexIndex v = members[i];
      const NodeIndex n = space.node_of(v);
      bits[n / 64] |= std::uint64_t{1} << (n % 64);
      auto range = boost::out_edges(v, graph);
      for (auto e = range.first; e != range.second; ++e) {
        const std::uint32_t d = component[boost::target(*e, graph)];
        if (d == c || merged_into[d] == c) continue;
        merged_into[d] = static_cast<std::uint32_t>(c);
        const std::uint64_t* other = &bits_[std::size_t(row_[d]) * words_];
        for (std::size_t k = 0; k < words_; ++k) bits[k] |= other[k];
      }
    }
  }
  component_ = std::move(component);
}

const std::uint64_t* ReachClosure::row_of(VertexIndex from) {
  const std::uint32_t row = row_[component_[from]];
  if (row != none) return &bits_[std::size_t(row) * words_];
  if (scratch_vertex_ != from) {
    scratch_.assign(words_, 0);
    const NodeIndex n = own_node_[from];
    scratch_[n / 64] |= std::uint64_t{1} << (n % 64);
    for (std::uint32_t k = successor_begin_[from]; k < successor_end_[from]; ++k) {
      const std::uint64_t* other = &bits_[std::size_t(row_[successors_[k]]) * words_];
      for (std::size_t w = 0; w < words_; ++w) scratch_[w] |= other[w];
    }
    scratch_vertex_ = from;
  }
  return scratch_.data();
}

bool ReachClosure::reaches_any(VertexIndex from, Span<NodeIndex> nodes) {
  const std::uint64_t* bits = row_of(from);
  for (NodeIndex n : nodes)
    if ((bits[n / 64] >> (n % 64)) & 1u) return true;
  return false;
}

void least_latency(const FlowSpace& space, NodeIndex a, double threshold, std::vector<double>& node_distance,
                   std::vector<VertexIndex>* predecessor, std::vector<double>* vertex_distance) {
  const ProductGraph& graph = space.graph();
  const FilteredGraph filtered(graph, BandwidthAtLeast{&graph, threshold});
  const std::size_t vertex_count = boost::num_vertices(graph);
  std::vector<double> local_distance;
  std::vector<double>& distance = vertex_distance != nullptr ? *vertex_distance : local_distance;
  distance.assign(vertex_count, infinity);
  const auto index = boost::get(boost::vertex_index, graph);
  const auto weight = boost::get(&ProductEdge::latency_ms, graph);
  const auto distance_map = boost::make_iterator_property_map(distance.begin(), index);
  // Boost marks unreached vertices with distance_inf, by default the largest finite double.
  if (predecessor != nullptr) {
    predecessor->assign(vertex_count, none);
    boost::dijkstra_shortest_paths(
        filtered, space.vertex(a, 0),
        boost::weight_map(weight).distance_map(distance_map).distance_inf(infinity).predecessor_map(
            boost::make_iterator_property_map(predecessor->begin(), index)));
  } else {
    boost::dijkstra_shortest_paths(filtered, space.vertex(a, 0),
                                   boost::weight_map(weight).distance_map(distance_map).distance_inf(infinity));
  }
  const std::uint32_t states = space.state_count();
  const std::size_t node_count = vertex_count / states;
  node_distance.assign(node_count, infinity);
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    double& best = node_distance[v / states];
    if (distance[v] < best) best = distance[v];
  }
}

Reachability::Reachability(const FlowSpace& space, std::size_t node_count, double threshold,
                           std::size_t budget_bytes)
    : space_(space), threshold_(threshold) {
  closure_ = std::make_unique<ReachClosure>(space, node_count, threshold, budget_bytes);
  if (!closure_->built()) closure_.reset();
}

bool Reachability::reaches_any(NodeIndex a, Span<NodeIndex> targets) {
  if (closure_) return closure_->reaches_any(space_.vertex(a, 0), targets);
  if (a != source_) {
    least_latency(space_, a, threshold_, distance_, nullptr, nullptr);
    source_ = a;
  }
  for (NodeIndex b : targets)
    if (distance_[b] != infinity) return true;
  return false;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
