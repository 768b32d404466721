// The product graph of the flow rules and the searches over it (see flow_search.hpp).
#include "flow_search.hpp"

#include "check_text.hpp"
#include "grouping.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

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

bool contains_node(Span<NodeIndex> nodes, NodeIndex n) {
  for (NodeIndex m : nodes)
    if (m == n) return true;
  return false;
}

// Per vertex of `count`, whether it is a dead end: its edges, either way, all join one
// other vertex. `for_each_edge(visit)` calls visit(u, v) for every edge u -> v.
template <typename ForEachEdge>
std::vector<std::uint8_t> dead_ends(std::size_t count, ForEachEdge for_each_edge) {
  constexpr std::uint32_t several = none - 1;
  std::vector<std::uint32_t> only(count, none);  // the one vertex joined so far
  auto join = [&](std::uint32_t v, std::uint32_t u) { only[v] = only[v] == none || only[v] == u ? u : several; };
  for_each_edge([&](std::uint32_t u, std::uint32_t v) {
    join(u, v);
    join(v, u);
  });
  std::vector<std::uint8_t> result(count, 0);
  for (std::size_t v = 0; v < count; ++v) result[v] = only[v] != none && only[v] != several;
  return result;
}

// The searches' own numbering of a graph's vertices: the live ones first, then the dead
// ends, each in the graph's order, so that what a long search touches (marks, arcs, exit
// flags) lies together in a few hundred kilobytes instead of spread over every host of the
// estate. inner[v] for vertex v, outer[i] back, and whether each is a dead end, by the new
// number.
template <typename ForEachEdge>
void number_live_first(std::size_t count, ForEachEdge for_each_edge, std::vector<std::uint32_t>& inner,
                       std::vector<std::uint32_t>& outer, std::vector<std::uint8_t>& dead_end) {
  const std::vector<std::uint8_t> dead = dead_ends(count, for_each_edge);
  inner.resize(count);
  outer.resize(count);
  std::uint32_t next = 0;
  for (std::uint8_t group = 0; group < 2; ++group)
    for (std::uint32_t v = 0; v < count; ++v)
      if (dead[v] == group) {
        inner[v] = next;
        outer[next++] = v;
      }
  dead_end.resize(count);
  for (std::uint32_t i = 0; i < count; ++i) dead_end[i] = dead[outer[i]];
}

}  // namespace

bool transport_is_adequate(const Scheme& scheme, const Link& link, Level level) {
  if (link.carrier >= level) return true;
  if (scheme.is_classified(level)) return link.encryption == Encryption::csfc || link.encryption == Encryption::type1;
  if (scheme.is_controlled(level)) return link.encryption != Encryption::none;
  return true;
}

GuardReleases collect_guard_releases(const Model& model) {
  GuardReleases guards;
  const auto& links = model.links();
  guards.first.reserve(links.size() + 1);
  for (const Link& link : links) {
    guards.first.push_back(static_cast<std::uint32_t>(guards.releases.size()));
    if (link.kind != LinkKind::guard) continue;
    for (const Release& release : link.releases) {
      guards.releases.push_back(&release);
      guards.from.push_back(Label{release.from.level, release.from.compartments, every_country()});
    }
  }
  guards.first.push_back(static_cast<std::uint32_t>(guards.releases.size()));
  return guards;
}

void DataClass::guard_targets(const GuardReleases& guards, LinkIndex link, StateIndex s,
                              std::vector<StateIndex>& out) const {
  out.clear();
  out.push_back(s);
  for (std::uint32_t r = guards.first[link]; r < guards.first[link + 1]; ++r) {
    if (!covers(guards.from[r], labels[s])) continue;
    StateIndex to = release_state[r];
    if (std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
  }
}

std::string DataClass::label_text(const Model& model, StateIndex s) const {
  const Data& data = model.data()[representative];
  return format_marking(*markings[s], model.scheme(), release_owner(data.marking, data.owner, model.scheme()));
}

DataClass make_data_class(const Model& model, const GuardReleases& guards, DataIndex d) {
  const Data& data = model.data()[d];
  DataClass result;
  result.representative = d;
  result.residency = data.has_residency ? &data.residency : nullptr;
  result.labels.push_back(data.label);
  result.markings.push_back(&data.marking);
  result.release_state.reserve(guards.releases.size());
  for (const Release* release : guards.releases) {
    Label label = label_of(release->to, release_owner(data.marking, data.owner, model.scheme()), model.scheme());
    auto found = std::find(result.labels.begin(), result.labels.end(), label);
    if (found == result.labels.end()) {
      result.labels.push_back(label);
      result.markings.push_back(&release->to);
      found = result.labels.end() - 1;
    }
    result.release_state.push_back(static_cast<StateIndex>(found - result.labels.begin()));
  }
  // Keep only the states some chain of releases reaches from the data's own label.
  std::vector<std::uint8_t> reached(result.labels.size(), 0);
  std::vector<StateIndex> stack = {0};
  reached[0] = 1;
  while (!stack.empty()) {
    StateIndex s = stack.back();
    stack.pop_back();
    for (std::size_t r = 0; r < guards.releases.size(); ++r) {
      StateIndex t = result.release_state[r];
      if (!reached[t] && covers(guards.from[r], result.labels[s])) {
        reached[t] = 1;
        stack.push_back(t);
      }
    }
  }
  std::vector<StateIndex> renumber(result.labels.size(), none);
  std::size_t kept = 0;
  for (std::size_t s = 0; s < result.labels.size(); ++s) {
    if (!reached[s]) continue;
    renumber[s] = static_cast<StateIndex>(kept);
    result.labels[kept] = result.labels[s];
    result.markings[kept] = result.markings[s];
    ++kept;
  }
  result.labels.resize(kept);
  result.markings.resize(kept);
  for (StateIndex& state : result.release_state) state = renumber[state];  // none: never applies
  return result;
}

DataClasses classify_data(const Model& model, const GuardReleases& guards) {
  const auto& data = model.data();
  static const CountrySet no_residency;
  Grouping grouping = group_by_key(static_cast<std::uint32_t>(data.size()), [&](DataIndex d) {
    const Data& x = data[d];
    return std::make_tuple(x.label.level, x.label.compartments.words(), x.label.releasable.words(), x.owner,
                           release_owner(x.marking, x.owner, model.scheme()), x.has_residency,
                           x.has_residency ? x.residency.words() : no_residency.words());
  });
  DataClasses result;
  result.class_of = std::move(grouping.class_of);
  for (DataIndex d : grouping.representative) result.classes.push_back(make_data_class(model, guards, d));
  // Fold classes that search alike. A residency matters only through the nodes it
  // excludes, so one that admits every node's jurisdiction counts as none.
  CountrySet jurisdictions;
  for (const Node& node : model.nodes()) jurisdictions.insert(node.jurisdiction);
  auto search_key = [&](const DataClass& c) {
    std::vector<std::uint64_t> words;
    for (const Label& label : c.labels) {
      words.push_back(label.level);
      words.insert(words.end(), label.compartments.words().begin(), label.compartments.words().end());
      words.insert(words.end(), label.releasable.words().begin(), label.releasable.words().end());
    }
    words.push_back(c.labels.size());
    words.insert(words.end(), c.release_state.begin(), c.release_state.end());
    const bool excludes = c.residency != nullptr && !jurisdictions.is_subset_of(*c.residency);
    words.push_back(excludes);
    if (excludes) {
      const CountrySet admitted = *c.residency & jurisdictions;
      words.insert(words.end(), admitted.words().begin(), admitted.words().end());
    }
    return words;
  };
  std::vector<std::pair<std::vector<std::uint64_t>, std::uint32_t>> keys;
  for (std::uint32_t c = 0; c < result.classes.size(); ++c) keys.emplace_back(search_key(result.classes[c]), c);
  std::sort(keys.begin(), keys.end());
  result.search_of.assign(result.classes.size(), 0);
  for (std::size_t i = 0; i < keys.size(); ++i)
    result.search_of[keys[i].second] = (i > 0 && keys[i].first == keys[i - 1].first)
                                           ? result.search_of[keys[i - 1].second]
                                           : keys[i].second;
  return result;
}

FlowSpace::FlowSpace(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
                     const DataClass& data_class, const std::vector<double>& widths)
    : data_class_(&data_class), state_count_(static_cast<std::uint32_t>(data_class.labels.size())), widths_(&widths) {
  const auto& nodes = model.nodes();
  const auto& links = model.links();
  const Scheme& scheme = model.scheme();
  const std::size_t node_count = nodes.size();
  const std::uint32_t states = state_count_;

  // holds[s * N + n]: node n may receive the data in state s (spec §3).
  std::vector<std::uint8_t> holds(std::size_t(states) * node_count);
  for (StateIndex s = 0; s < states; ++s)
    for (NodeIndex n = 0; n < node_count; ++n)
      holds[std::size_t(s) * node_count + n] =
          hold_failures(nodes[n], data_class.labels[s], data_class.residency) == 0;

  std::vector<std::pair<VertexIndex, VertexIndex>> edges;
  std::vector<ProductEdge> properties;
  edges.reserve(boost::num_edges(network) * states);
  properties.reserve(boost::num_edges(network) * states);
  std::vector<StateIndex> targets;
  for (NodeIndex u = 0; u < node_count; ++u) {
    auto range = boost::out_edges(u, network);
    for (StateIndex s = 0; s < states; ++s) {
      const Level level = data_class.labels[s].level;
      for (auto e = range.first; e != range.second; ++e) {
        const LinkIndex l = network[*e].link;
        const Link& link = links[l];
        const NodeIndex w = boost::target(*e, network);
        if (link.kind == LinkKind::guard) {
          data_class.guard_targets(guards, l, s, targets);
        } else {
          targets.clear();
          if (!link.is_transport() || transport_is_adequate(scheme, link, level)) targets.push_back(s);
        }
        for (StateIndex t : targets) {
          if (!holds[std::size_t(t) * node_count + w]) continue;
          edges.emplace_back(vertex(u, s), vertex(w, t));
          properties.push_back(ProductEdge{l, link.latency_ms, link.bandwidth_mbps});
        }
      }
    }
  }
  graph_ = ProductGraph(boost::edges_are_sorted, edges.begin(), edges.end(), properties.begin(),
                        static_cast<VertexIndex>(node_count * states),
                        static_cast<std::uint32_t>(edges.size()));
}

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
  if (predecessor != nullptr) {
    predecessor->assign(vertex_count, none);
    boost::dijkstra_shortest_paths(
        filtered, space.vertex(a, 0),
        boost::weight_map(weight).distance_map(distance_map).predecessor_map(
            boost::make_iterator_property_map(predecessor->begin(), index)));
  } else {
    boost::dijkstra_shortest_paths(filtered, space.vertex(a, 0),
                                   boost::weight_map(weight).distance_map(distance_map));
  }
  const std::uint32_t states = space.state_count();
  const std::size_t node_count = vertex_count / states;
  node_distance.assign(node_count, infinity);
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    double& best = node_distance[v / states];
    if (distance[v] < best) best = distance[v];
  }
}

namespace {

// Follows predecessors back from `end` to the source and names the links crossed,
// choosing between parallel edges with `better`.
template <typename Better>
ProductRoute trace_route(const FlowSpace& space, const std::vector<VertexIndex>& predecessor, VertexIndex end,
                         double threshold, Better better) {
  ProductRoute route;
  for (VertexIndex v = end;; v = predecessor[v]) {
    route.vertices.push_back(v);
    if (predecessor[v] == v || predecessor[v] == none) break;
  }
  std::reverse(route.vertices.begin(), route.vertices.end());
  const ProductGraph& graph = space.graph();
  for (std::size_t i = 0; i + 1 < route.vertices.size(); ++i) {
    const ProductEdge* chosen = nullptr;
    auto range = boost::out_edges(route.vertices[i], graph);
    for (auto e = range.first; e != range.second; ++e) {
      if (boost::target(*e, graph) != route.vertices[i + 1]) continue;
      const ProductEdge& edge = graph[*e];
      if (edge.bandwidth_mbps < threshold) continue;
      if (chosen == nullptr || better(edge, *chosen)) chosen = &edge;
    }
    route.links.push_back(chosen != nullptr ? chosen->link : 0);
  }
  return route;
}

}  // namespace

ProductRoute fastest_route(const FlowSpace& space, NodeIndex a, Span<NodeIndex> targets, double threshold) {
  if (contains_node(targets, a)) return ProductRoute{{space.vertex(a, 0)}, {}, 0};
  std::vector<double> node_distance, distance;
  std::vector<VertexIndex> predecessor;
  least_latency(space, a, threshold, node_distance, &predecessor, &distance);
  VertexIndex best = none;
  for (NodeIndex b : targets)
    for (StateIndex s = 0; s < space.state_count(); ++s) {
      VertexIndex v = space.vertex(b, s);
      if (distance[v] == infinity) continue;
      if (best == none || distance[v] < distance[best] || (distance[v] == distance[best] && v < best)) best = v;
    }
  if (best == none) return {};
  ProductRoute route = trace_route(space, predecessor, best, threshold, [](const ProductEdge& x, const ProductEdge& y) {
    return x.latency_ms < y.latency_ms;
  });
  route.figure = distance[best];
  return route;
}

namespace {

struct TargetReached {
  VertexIndex vertex;
};

// Ends a search at the first target node it settles.
struct StopAtTarget : boost::default_dijkstra_visitor {
  const std::vector<std::uint8_t>* is_target;
  std::uint32_t state_count;
  template <typename Graph>
  void examine_vertex(VertexIndex v, const Graph&) const {
    if ((*is_target)[v / state_count]) throw TargetReached{v};
  }
};

}  // namespace

ProductRoute widest_route(const FlowSpace& space, NodeIndex a, Span<NodeIndex> targets) {
  if (contains_node(targets, a)) return ProductRoute{{space.vertex(a, 0)}, {}, infinity};
  const ProductGraph& graph = space.graph();
  const std::size_t vertex_count = boost::num_vertices(graph);
  std::vector<double> width(vertex_count, 0);
  std::vector<VertexIndex> predecessor(vertex_count, none);
  std::vector<std::uint8_t> is_target(vertex_count / space.state_count(), 0);
  for (NodeIndex b : targets) is_target[b] = 1;
  StopAtTarget visitor;
  visitor.is_target = &is_target;
  visitor.state_count = space.state_count();
  const auto index = boost::get(boost::vertex_index, graph);
  VertexIndex best = none;
  // Dijkstra in the (max, min) semiring settles vertices widest first: the first target
  // settled ends the widest route.
  try {
    boost::dijkstra_shortest_paths(
        graph, space.vertex(a, 0),
        boost::weight_map(boost::get(&ProductEdge::bandwidth_mbps, graph))
            .distance_map(boost::make_iterator_property_map(width.begin(), index))
            .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), index))
            .distance_compare(std::greater<double>())
            .distance_combine([](double x, double y) { return std::min(x, y); })
            .distance_inf(0.0)
            .distance_zero(infinity)
            .visitor(visitor));
  } catch (const TargetReached& reached) {
    best = reached.vertex;
  }
  if (best == none || width[best] <= 0) return {};
  ProductRoute route = trace_route(space, predecessor, best, 0, [](const ProductEdge& x, const ProductEdge& y) {
    return x.bandwidth_mbps > y.bandwidth_mbps;
  });
  route.figure = width[best];
  return route;
}

std::vector<Hop> hops_of(const Model& model, const FlowSpace& space, const DataClass& data_class,
                         const ProductRoute& route) {
  std::vector<Hop> hops;
  hops.reserve(route.vertices.size());
  for (std::size_t i = 0; i < route.vertices.size(); ++i) {
    const VertexIndex v = route.vertices[i];
    hops.push_back(Hop{i == 0 ? no_key : route.links[i - 1], space.node_of(v),
                       data_class.label_text(model, space.state_of(v))});
  }
  return hops;
}

namespace {

std::string node_list_of(const Model& model, Span<NodeIndex> nodes) {
  std::string out;
  for (std::size_t i = 0; i < nodes.size() && i < 8; ++i) {
    if (i) out += ", ";
    out += quoted(model.node_id(nodes[i]));
  }
  if (nodes.size() > 8) out += ", ...";
  return out;
}

std::string kind_of(const Link& link) {
  switch (link.kind) {
    case LinkKind::network: return "network link";
    case LinkKind::guard: return "guard";
    case LinkKind::diode: return "diode";
    case LinkKind::courier: return "courier link";
  }
  return "link";
}

// "node `x` cannot hold SECRET//NOFORN: it is accredited CUI, below SECRET; ..."
std::string hold_reasons(const Model& model, NodeIndex n, const Label& label, const CountrySet* residency,
                         std::uint8_t failures, const DataClass& data_class) {
  const Node& node = model.nodes()[n];
  const Scheme& scheme = model.scheme();
  std::string out;
  auto add = [&](const std::string& text) {
    if (!out.empty()) out += "; ";
    out += text;
  };
  if (failures & hold_level)
    add("it is accredited " + scheme.level_name(node.accredited.level) + ", below " + scheme.level_name(label.level));
  if (failures & hold_compartments) {
    CompartmentSet missing = label.compartments.minus(node.accredited.compartments);
    add(std::string("it lacks ") + (missing.size() == 1 ? "compartment " : "compartments ") +
        format_compartments(missing, scheme));
  }
  if (failures & hold_release) {
    const CountryId owner = model.data()[data_class.representative].owner;
    add("it is reachable by " + format_countries(node.access.minus(label.releasable)) +
        " personnel, and the label is releasable to " + format_countries(label.releasable, owner) + " only");
  }
  if (failures & hold_residency)
    add("it is in " + std::string(country_code(node.jurisdiction)) + ", outside the data's residency " +
        format_countries(*residency));
  return out;
}

// What to change when a node cannot hold a label; `accreditation` is the label's level
// and compartments.
std::string remediation_for(std::uint8_t failures, const std::string& node_id, const std::string& accreditation) {
  if (failures & (hold_level | hold_compartments))
    return "Route the flow through nodes accredited for " + accreditation + ", accredit " + node_id +
           " for it, or place the workloads where an allowed route joins them.";
  if (failures & hold_release)
    return "Relabel the data on the way through a guard release to a label " + node_id +
           "'s personnel may see, restrict " + node_id + "'s access, or have the owner release the data to them.";
  return "Route the flow through nodes inside the data's residency, or place the workloads where such a route "
         "joins them.";
}

}  // namespace

const PlainPaths::Adjacency& PlainPaths::adjacency(int side, bool directed) {
  const std::size_t n = model_.nodes().size();
  if (dead_end_.size() != n) {
    // Dead ends (hosts or edge devices on a single uplink) lie on no shortest path: they
    // are reached only as the source or a target.
    auto for_each_link = [&](auto visit) {
      for (const Link& link : model_.links()) visit(link.from, link.to);
    };
    number_live_first(n, for_each_link, inner_, outer_, dead_end_);
    // The parts of the estate that links join at all (Boost's union-find): a search
    // between two of them would exhaust the smaller before it could say so.
    // (Property maps of Boost's own types: with raw pointers, the get() that the CSR graph
    // headers declare in boost::detail hides the one for pointers.)
    std::vector<std::uint32_t> rank(n, 0), parent(n, 0);
    const boost::typed_identity_property_map<std::uint32_t> index;
    auto rank_map = boost::make_iterator_property_map(rank.begin(), index);
    auto parent_map = boost::make_iterator_property_map(parent.begin(), index);
    boost::disjoint_sets<decltype(rank_map), decltype(parent_map)> sets(rank_map, parent_map);
    for (NodeIndex v = 0; v < n; ++v) sets.make_set(v);
    for (const Link& link : model_.links()) sets.union_set(link.from, link.to);
    component_.resize(n);
    for (NodeIndex v = 0; v < n; ++v) component_[inner_[v]] = static_cast<std::uint32_t>(sets.find_set(v));
  }
  // [0] along link directions, [1] against them, [2] either way.
  const int which = directed ? side : 2;
  Adjacency& built = adjacency_[which];
  if (built.start.size() != n + 1) {
    const auto& links = model_.links();
    // The crossings each side may take: (from, to, link), in link order.
    std::vector<std::tuple<NodeIndex, NodeIndex, LinkIndex>> crossings;
    for (LinkIndex l = 0; l < links.size(); ++l) {
      const Link& link = links[l];
      const bool both_ways = which == 2 || !link.is_one_way();
      const NodeIndex from = inner_[link.from], to = inner_[link.to];
      if (which == 1) {  // the reverse of each crossing
        crossings.emplace_back(to, from, l);
        if (both_ways) crossings.emplace_back(from, to, l);
      } else {
        crossings.emplace_back(from, to, l);
        if (both_ways) crossings.emplace_back(to, from, l);
      }
    }
    built.start.assign(n + 1, 0);
    built.live_end.assign(n, 0);
    std::vector<std::uint32_t> live(n, 0);
    for (const auto& [from, to, link] : crossings) {
      ++built.start[from + 1];
      live[from] += !dead_end_[to];
    }
    for (std::size_t v = 0; v < n; ++v) {
      built.start[v + 1] += built.start[v];
      built.live_end[v] = built.start[v] + live[v];
    }
    built.to.resize(crossings.size());
    built.link.resize(crossings.size());
    std::vector<std::uint32_t> next_live(built.start.begin(), built.start.end() - 1);
    std::vector<std::uint32_t> next_dead(built.live_end);
    for (const auto& [from, to, link] : crossings) {
      const std::uint32_t k = dead_end_[to] ? next_dead[from]++ : next_live[from]++;
      built.to[k] = to;
      built.link[k] = link;
    }
  }
  return built;
}

std::pair<std::vector<NodeIndex>, std::vector<LinkIndex>> PlainPaths::shortest(NodeIndex a, Span<NodeIndex> targets,
                                                                               bool directed) {
  std::pair<std::vector<NodeIndex>, std::vector<LinkIndex>> path;
  if (targets.empty()) return path;
  const std::size_t n = model_.nodes().size();
  const Adjacency* sides[2] = {&adjacency(0, directed), &adjacency(1, directed)};
  for (int side = 0; side < 2; ++side) {
    if (depth_[side].size() != n) {
      depth_[side].assign(n, none);
      parent_[side].assign(n, none);
      parent_link_[side].assign(n, none);
      has_exit_[side].assign(n, 0);
    }
    frontier_[side].clear();
  }
  auto discover = [&](int side, NodeIndex v, std::uint32_t depth, NodeIndex from, LinkIndex link) {
    depth_[side][v] = depth;
    parent_[side][v] = from;
    parent_link_[side][v] = link;
    touched_[side].push_back(v);
    frontier_[side].push_back(v);
  };
  a = inner_[a];
  bool joined = false;
  for (NodeIndex target : targets) joined = joined || component_[inner_[target]] == component_[a];
  if (!joined) return path;  // no chain of links at all, either way
  discover(0, a, 0, none, none);
  for (NodeIndex target : targets) {
    const NodeIndex b = inner_[target];
    if (depth_[1][b] == none) discover(1, b, 0, none, none);
  }
  // A dead end one side starts from is reached by the other only from its one neighbour,
  // over the crossings the other side skips: it checks them as exits when it expands the
  // neighbour instead. They are the dead end's own crossings, turned round.
  for (int side = 0; side < 2; ++side)
    for (NodeIndex x : touched_[side]) {
      if (!dead_end_[x]) continue;
      const Adjacency& own = *sides[side];
      for (std::uint32_t k = own.start[x]; k < own.start[x + 1]; ++k) {
        exits_[1 - side].push_back(Exit{own.to[k], x, own.link[k]});
        has_exit_[1 - side][own.to[k]] = 1;
      }
    }
  // Level by level, the smaller frontier first. The first level at which the two sides
  // meet holds every shortest path's meeting nodes: of those, the one with the least
  // total depth and then the lowest index decides, so the path does not depend on the
  // order in which a level is expanded.
  NodeIndex meet = depth_[1][a] != none ? a : none;  // a is a target: the empty path
  std::uint32_t level[2] = {0, 0};
  std::vector<NodeIndex> next;
  while (meet == none && !frontier_[0].empty() && !frontier_[1].empty()) {
    const int side = frontier_[0].size() <= frontier_[1].size() ? 0 : 1;
    const Adjacency& g = *sides[side];
    next.clear();
    std::swap(next, frontier_[side]);
    ++level[side];
    std::uint32_t best = none;
    auto reach = [&](NodeIndex u, NodeIndex v, LinkIndex link) {
      if (depth_[side][v] != none) return;
      discover(side, v, level[side], u, link);
      if (depth_[1 - side][v] == none) return;
      const std::uint32_t total = level[side] + depth_[1 - side][v];
      if (total < best || (total == best && meet != none && outer_[v] < outer_[meet])) {
        best = total;
        meet = v;
      }
    };
    for (NodeIndex u : next) {
      if (has_exit_[side][u])
        for (const Exit& exit : exits_[side])
          if (exit.from == u) reach(u, exit.to, exit.link);
      for (std::uint32_t k = g.start[u]; k < g.live_end[u]; ++k) reach(u, g.to[k], g.link[k]);
    }
  }
  if (meet != none) {
    for (NodeIndex v = meet; v != none; v = parent_[0][v]) {
      path.first.push_back(outer_[v]);
      if (parent_[0][v] != none) path.second.push_back(parent_link_[0][v]);
    }
    std::reverse(path.first.begin(), path.first.end());
    std::reverse(path.second.begin(), path.second.end());
    for (NodeIndex v = meet; parent_[1][v] != none; v = parent_[1][v]) {
      path.first.push_back(outer_[parent_[1][v]]);
      path.second.push_back(parent_link_[1][v]);
    }
  }
  for (int side = 0; side < 2; ++side) {
    for (NodeIndex v : touched_[side]) depth_[side][v] = none;
    touched_[side].clear();
    for (const Exit& exit : exits_[side]) has_exit_[side][exit.from] = 0;
    exits_[side].clear();
  }
  return path;
}

LatencyCheck::LatencyCheck(const FlowSpace& space) : space_(space), widths_(space.widths()) {
  const ProductGraph& graph = space.graph();
  const std::size_t vertex_count = boost::num_vertices(graph);
  // Dead ends (hosts or edge devices on a single uplink) lie on no shortest or widest
  // route: the searches label them only as the source or a target.
  auto for_each_arc = [&](auto visit) {
    for (VertexIndex u = 0; u < vertex_count; ++u) {
      auto range = boost::out_edges(u, graph);
      for (auto e = range.first; e != range.second; ++e) visit(u, boost::target(*e, graph));
    }
  };
  number_live_first(vertex_count, for_each_arc, inner_, outer_, dead_end_);
  // Every edge, u -> v, in the graph's order, with the ends numbered as the searches do.
  auto for_each_edge = [&](auto visit) {
    for (VertexIndex u = 0; u < vertex_count; ++u) {
      auto range = boost::out_edges(u, graph);
      for (auto e = range.first; e != range.second; ++e) visit(inner_[u], inner_[boost::target(*e, graph)], graph[*e]);
    }
  };

  // Side 0 keeps each edge u -> v at u, side 1 at v (pointing back to u). A vertex's arcs
  // into live vertices come first, so that a search scans only those.
  std::vector<std::uint32_t> live[2];
  for (int side = 0; side < 2; ++side) {
    start_[side].assign(vertex_count + 1, 0);
    live[side].assign(vertex_count, 0);
  }
  for_each_edge([&](VertexIndex u, VertexIndex v, const ProductEdge&) {
    ++start_[0][u + 1];
    ++start_[1][v + 1];
    live[0][u] += !dead_end_[v];
    live[1][v] += !dead_end_[u];
  });
  for (int side = 0; side < 2; ++side) {
    for (std::size_t v = 0; v < vertex_count; ++v) start_[side][v + 1] += start_[side][v];
    live_end_[side].resize(vertex_count);
    for (std::size_t v = 0; v < vertex_count; ++v) live_end_[side][v] = start_[side][v] + live[side][v];
    arcs_[side].resize(start_[side][vertex_count]);
    arc_link_[side].resize(arcs_[side].size());
  }
  std::vector<std::uint32_t> next_live[2] = {{start_[0].begin(), start_[0].end() - 1},
                                             {start_[1].begin(), start_[1].end() - 1}};
  std::vector<std::uint32_t> next_dead[2] = {live_end_[0], live_end_[1]};
  for_each_edge([&](VertexIndex u, VertexIndex v, const ProductEdge& edge) {
    const VertexIndex ends[2] = {u, v};
    const auto width = static_cast<std::uint32_t>(
        std::lower_bound(widths_.begin(), widths_.end(), edge.bandwidth_mbps) - widths_.begin());
    for (int side = 0; side < 2; ++side) {
      const VertexIndex at = ends[side], to = ends[1 - side];
      const std::uint32_t k = dead_end_[to] ? next_dead[side][at]++ : next_live[side][at]++;
      arcs_[side][k] = Arc{to, width, edge.latency_ms};
      arc_link_[side][k] = edge.link;
    }
  });
  marks_.assign(vertex_count, Marks{{Mark{infinity, none, none}, Mark{infinity, none, none}}});
  for (int side = 0; side < 2; ++side) {
    width_[side].assign(vertex_count, 0);
    has_exit_[side].assign(vertex_count, 0);
  }
}

std::uint32_t LatencyCheck::rank_of(double threshold) const {
  return static_cast<std::uint32_t>(std::lower_bound(widths_.begin(), widths_.end(), threshold) - widths_.begin());
}

double LatencyCheck::width_of(std::uint32_t rank) const { return rank < widths_.size() ? widths_[rank] : infinity; }

void LatencyCheck::label(int side, VertexIndex v, double distance, VertexIndex from, std::uint32_t arc) {
  Mark& mark = marks_[v].side[side];
  if (mark.value == infinity) touched_[side].push_back(v);
  mark = Mark{distance, from, arc};
  queue_[side].push(distance, v);
}

void LatencyCheck::start(VertexIndex source, Span<NodeIndex> targets) {
  scanned_[0] = scanned_[1] = 0;
  label(0, source, 0, none, none);
  for (NodeIndex b : targets)
    for (StateIndex s = 0; s < space_.state_count(); ++s) {
      const VertexIndex v = inner_[space_.vertex(b, s)];
      if (start_[1][v] != start_[1][v + 1]) label(1, v, 0, none, none);  // else b cannot hold s
    }
  // A dead end one side starts from is reached by the other only over the arcs from its
  // one neighbour, which that side skips: it checks them as exits when it settles the
  // neighbour instead. They are the dead end's own arcs on its side, turned round.
  for (int side = 0; side < 2; ++side)
    for (VertexIndex x : touched_[side]) {
      if (!dead_end_[x]) continue;
      for (std::uint32_t k = start_[side][x]; k < start_[side][x + 1]; ++k) {
        const Arc& arc = arcs_[side][k];
        exits_[1 - side].push_back(Exit{arc.vertex, x, arc.width, arc.latency_ms, arc_link_[side][k]});
        has_exit_[1 - side][arc.vertex] = 1;
      }
    }
  best_ = infinity;
}

double LatencyCheck::advance(std::uint32_t rank, double limit) {
  if (limit < 0)
    for (int side = 0; side < 2; ++side) {
      // Without a limit, the vertices set aside for being beyond one join the search.
      // They may lie below what this side has settled: the queue takes lower keys first.
      double least = infinity;
      for (VertexIndex v : deferred_[side]) least = std::min(least, marks_[v].side[side].value);
      if (!deferred_[side].empty()) queue_[side].lower_to(least);
      for (VertexIndex v : deferred_[side]) queue_[side].push(marks_[v].side[side].value, v);
      deferred_[side].clear();
    }
  while (!queue_[0].empty() && !queue_[1].empty()) {
    const double frontier = queue_[0].top() + queue_[1].top();  // no route left is shorter
    // Stop at a route within the limit (which may be infinity: any route), or when none
    // can be; or when the least is certain.
    if (limit >= 0 ? (best_ != infinity && best_ <= limit) || frontier > limit : frontier >= best_) break;
    // The side that has scanned fewer arcs. (By the length of the queues, the side from
    // the targets, which starts from every label state of every target node, was held
    // back, and the other went deeper: 8% more arcs on the 1M estate.)
    const int side = scanned_[0] <= scanned_[1] ? 0 : 1;
    const auto [d, u] = queue_[side].pop();
    if (d > marks_[u].side[side].value) continue;  // a stale entry
    const std::vector<Arc>& arcs = arcs_[side];
    if (has_exit_[side][u])
      for (const Exit& exit : exits_[side])
        if (exit.from == u && exit.width >= rank && d + exit.latency_ms < best_) {
          best_ = d + exit.latency_ms;
          meet_from_ = side == 0 ? u : exit.to;
          meet_to_ = side == 0 ? exit.to : u;
          meet_link_ = exit.link;
        }
    const std::uint32_t scanned = live_end_[side][u] - start_[side][u] + 1;
    scanned_[side] += scanned;
    work_ += scanned;
    const double facing = queue_[1 - side].empty() ? 0 : queue_[1 - side].top();  // the other frontier
    for (std::uint32_t k = start_[side][u]; k < live_end_[side][u]; ++k) {
      const Arc& arc = arcs[k];
      if (arc.width < rank) continue;
      const double reached = d + arc.latency_ms;
      const Marks& there = marks_[arc.vertex];
      if (reached < there.side[side].value) {
        // A route through the vertex needs at least the other frontier from it (unless the
        // other side settled it, and then the route is counted just below): skip the
        // vertex when that cannot beat the best route found. One that cannot be within the
        // limit is labelled but set aside, not searched from: a search that fails the
        // limit may go on, without it, to the least latency, and then needs it.
        const double bound = reached + facing;
        if (bound < best_) {
          if (limit < 0 || bound <= limit) {
            label(side, arc.vertex, reached, u, k);
          } else {
            Mark& mark = marks_[arc.vertex].side[side];
            if (mark.value == infinity) touched_[side].push_back(arc.vertex);
            mark = Mark{reached, u, k};
            deferred_[side].push_back(arc.vertex);
          }
        }
      }
      const double beyond = there.side[1 - side].value;
      if (beyond != infinity && reached + beyond < best_) {
        best_ = reached + beyond;
        // The arc runs u -> vertex forwards; backwards it is vertex -> u.
        meet_from_ = side == 0 ? u : arc.vertex;
        meet_to_ = side == 0 ? arc.vertex : u;
        meet_link_ = arc_link_[side][k];
      }
    }
  }
  return best_;
}

void LatencyCheck::finish() {
  for (int side = 0; side < 2; ++side) {
    for (VertexIndex v : touched_[side]) marks_[v].side[side].value = infinity;
    touched_[side].clear();
    queue_[side].clear();
    deferred_[side].clear();
    for (const Exit& exit : exits_[side]) has_exit_[side][exit.from] = 0;
    exits_[side].clear();
  }
}

std::size_t LatencyCheck::QuestionHash::operator()(const Question& q) const {
  // splitmix64's finaliser over the fields folded together: questions differ mostly in
  // their vertex and targets.
  std::uint64_t limit_bits = 0;
  std::memcpy(&limit_bits, &q.limit, sizeof limit_bits);
  std::uint64_t z = (std::uint64_t{q.from} << 32 | q.rank) ^ reinterpret_cast<std::uintptr_t>(q.targets) * 31 ^
                    q.target_count * 0x9E3779B97F4A7C15ull ^ limit_bits * 7;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<std::size_t>(z ^ (z >> 31));
}

const LatencyCheck::Answer& LatencyCheck::answer(VertexIndex from, Span<NodeIndex> targets, std::uint32_t rank,
                                                 double limit, double offset) {
  // A search shorter than this is cheaper to repeat than to keep.
  constexpr std::uint64_t long_search_arcs = 64;
  const Question question{from, rank, targets.data(), targets.size(), limit};
  const std::size_t hash = QuestionHash{}(question);
  const std::size_t bit = hash % (kept_bits_.size() * 64);
  if ((kept_bits_[bit / 64] >> (bit % 64)) & 1u) {
    const auto kept = answers_.find(question);
    if (kept != answers_.end() && (kept->second.exact || kept->second.value + offset <= limit)) return kept->second;
  }
  const std::uint64_t work_before = work_;
  start(from, targets);
  double least = advance(rank, limit);
  // The search stops at the first route within the limit; whether anything is slower,
  // and what is fastest, is certain only once it has run to the end.
  if (least != infinity && least + offset <= limit) {
    fresh_.value = least;
    fresh_.exact = false;
    fresh_.route = ProductRoute{};
  } else {
    least = advance(rank, -1);
    fresh_.value = least;
    fresh_.exact = true;
    fresh_.route = trace(least);
  }
  finish();
  if (work_ - work_before < long_search_arcs) return fresh_;
  kept_bits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  Answer& keep = answers_[question];
  keep = fresh_;
  return keep;
}

LatencyCheck::Reach LatencyCheck::reach(NodeIndex a, Span<NodeIndex> targets, double threshold,
                                        double max_latency_ms, ProductRoute* fastest) {
  if (contains_node(targets, a)) return Reach::within;
  const std::uint32_t rank = rank_of(threshold);  // arcs of a lower rank are too narrow
  const VertexIndex source = inner_[space_.vertex(a, 0)];
  VertexIndex from = source;
  double offset = 0;  // the latency from the source to `from`
  LinkIndex uplink = 0;
  if (dead_end_[source]) {
    // Every route from a dead end starts with an arc to its one neighbour: the fastest
    // that carries the threshold, then whatever is fastest from there.
    offset = infinity;
    for (std::uint32_t k = start_[0][source]; k < start_[0][source + 1]; ++k) {
      const Arc& arc = arcs_[0][k];
      if (arc.width >= rank && arc.latency_ms < offset) {
        offset = arc.latency_ms;
        from = arc.vertex;
        uplink = arc_link_[0][k];
      }
    }
    if (offset == infinity) return Reach::unreachable;
  }
  // The route to `from`, and a witness that starts at the source.
  auto route_from_source = [&](ProductRoute route, double least) {
    if (from != source) {
      route.vertices.insert(route.vertices.begin(), outer_[source]);
      route.links.insert(route.links.begin(), uplink);
    }
    route.figure = least;
    return route;
  };
  if (from != source && contains_node(targets, space_.node_of(outer_[from]))) {
    // The uplink's other end hosts the target: the route is the uplink.
    if (offset <= max_latency_ms) return Reach::within;
    if (fastest != nullptr) *fastest = route_from_source(ProductRoute{{outer_[from]}, {}, 0}, offset);
    return Reach::slower;
  }
  const Answer& found = answer(from, targets, rank, max_latency_ms, offset);
  if (!found.exact) return Reach::within;  // a route within limit - offset
  if (found.value == infinity) return Reach::unreachable;
  if (found.value + offset <= max_latency_ms) return Reach::within;
  if (fastest != nullptr) *fastest = route_from_source(found.route, found.value + offset);
  return Reach::slower;
}

ProductRoute LatencyCheck::fastest(NodeIndex a, Span<NodeIndex> targets, double threshold) {
  if (contains_node(targets, a)) return ProductRoute{{space_.vertex(a, 0)}, {}, 0};
  start(inner_[space_.vertex(a, 0)], targets);
  ProductRoute route = trace(advance(rank_of(threshold), -1));
  finish();
  return route;
}

ProductRoute LatencyCheck::widest(NodeIndex a, Span<NodeIndex> targets) {
  if (contains_node(targets, a)) return ProductRoute{{space_.vertex(a, 0)}, {}, infinity};
  // As advance(), with max for + and min for the sum: labels are bottlenecks, the heaps
  // are max-heaps, and no route left is wider than the narrower of the two tops. Every
  // arc is scanned, dead ends included (they are labelled only as starts), so no exits.
  auto mark = [&](int side, VertexIndex v, double width, VertexIndex from, std::uint32_t arc) {
    if (width_[side][v] == 0) touched_[side].push_back(v);
    width_[side][v] = width;
    marks_[v].side[side].previous = from;
    marks_[v].side[side].arc = arc;
    widest_queue_[side].emplace_back(width, v);
    std::push_heap(widest_queue_[side].begin(), widest_queue_[side].end());
  };
  mark(0, inner_[space_.vertex(a, 0)], infinity, none, none);
  for (NodeIndex b : targets)
    for (StateIndex s = 0; s < space_.state_count(); ++s) {
      const VertexIndex v = inner_[space_.vertex(b, s)];
      if (start_[1][v] != start_[1][v + 1]) mark(1, v, infinity, none, none);
    }
  double best = 0;  // the bottleneck of the widest route found so far
  while (!widest_queue_[0].empty() && !widest_queue_[1].empty()) {
    if (std::min(widest_queue_[0].front().first, widest_queue_[1].front().first) <= best) break;
    const int side = widest_queue_[0].size() <= widest_queue_[1].size() ? 0 : 1;
    std::pop_heap(widest_queue_[side].begin(), widest_queue_[side].end());
    const auto [w, u] = widest_queue_[side].back();
    widest_queue_[side].pop_back();
    if (w < width_[side][u]) continue;  // a stale entry
    const std::vector<double>& other = width_[1 - side];
    const std::vector<Arc>& arcs = arcs_[side];
    for (std::uint32_t k = start_[side][u]; k < start_[side][u + 1]; ++k) {
      const Arc& arc = arcs[k];
      const double reached = std::min(w, width_of(arc.width));
      if (!dead_end_[arc.vertex] && reached > width_[side][arc.vertex]) {
        const auto& facing = widest_queue_[1 - side];
        const double bound = std::min(reached, facing.empty() ? infinity : facing.front().first);
        if (bound > best) mark(side, arc.vertex, reached, u, k);
      }
      if (other[arc.vertex] > 0 && std::min(reached, other[arc.vertex]) > best) {
        best = std::min(reached, other[arc.vertex]);
        const VertexIndex v = arc.vertex;
        meet_from_ = side == 0 ? u : v;
        meet_to_ = side == 0 ? v : u;
        meet_link_ = arc_link_[side][k];
      }
    }
  }
  for (int side = 0; side < 2; ++side) {
    for (VertexIndex v : touched_[side]) width_[side][v] = 0;
    touched_[side].clear();
    widest_queue_[side].clear();
  }
  if (best <= 0) return {};
  return trace(best);
}

ProductRoute LatencyCheck::trace(double least) const {
  ProductRoute route;
  if (least == infinity) return route;
  for (VertexIndex v = meet_from_; v != none; v = marks_[v].side[0].previous) {
    route.vertices.push_back(outer_[v]);
    if (marks_[v].side[0].previous != none) route.links.push_back(arc_link_[0][marks_[v].side[0].arc]);
  }
  std::reverse(route.vertices.begin(), route.vertices.end());
  std::reverse(route.links.begin(), route.links.end());
  route.links.push_back(meet_link_);
  for (VertexIndex v = meet_to_; v != none; v = marks_[v].side[1].previous) {
    route.vertices.push_back(outer_[v]);
    if (marks_[v].side[1].previous != none) route.links.push_back(arc_link_[1][marks_[v].side[1].arc]);
  }
  route.figure = least;
  return route;
}

RouteBreak explain_no_route(const Model& model, PlainPaths& plain, const GuardReleases& guards,
                            const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets) {
  const Scheme& scheme = model.scheme();
  const auto& links = model.links();
  const auto& nodes = model.nodes();
  RouteBreak result;
  auto path = plain.shortest(a, targets, true);
  if (path.first.empty()) {
    // No directed path: look for one that ignores directions, to name the one-way link.
    path = plain.shortest(a, targets, false);
    if (path.first.empty()) {
      result.why = "no chain of links joins " + quoted(model.node_id(a)) + " to " + node_list_of(model, targets);
      result.remediation = "Link the nodes (through a guard where their domains differ) or place the workloads "
                           "on nodes that are linked.";
      return result;
    }
    const std::string text = data_class.label_text(model, 0);
    for (std::size_t i = 0; i < path.first.size(); ++i)
      result.path.push_back(Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], text});
    for (std::size_t i = 0; i + 1 < path.first.size(); ++i) {
      const Link& link = links[path.second[i]];
      if (!link.is_one_way() || link.from == path.first[i]) continue;
      const std::string id = quoted(model.link_id(path.second[i]));
      result.why = "every path crosses a one-way link against its direction; the shortest needs " + kind_of(link) +
                   " " + id + " from " + quoted(model.node_id(path.first[i])) + " to " +
                   quoted(model.node_id(path.first[i + 1])) + ", but it only runs from " +
                   quoted(model.node_id(link.from)) + " to " + quoted(model.node_id(link.to));
      result.remediation = "Add a route in the flow's direction (a guard or a diode from " +
                           quoted(model.node_id(path.first[i])) + " towards " +
                           quoted(model.node_id(path.first[i + 1])) +
                           "), or place the workloads so that the flow runs with the one-way links.";
      return result;
    }
    result.why = "no path follows the links' directions";
    result.remediation = "Add a route in the flow's direction.";
    return result;
  }

  // Carry the label along the plain path: alive[i] are the states the data may have at
  // path node i, from[i][s] the state it had at node i - 1.
  const std::uint32_t states = static_cast<std::uint32_t>(data_class.labels.size());
  const std::size_t length = path.first.size();
  std::vector<std::vector<StateIndex>> from(length, std::vector<StateIndex>(states, none));
  from[0][0] = 0;
  std::size_t broken = length;  // index of the node the breaking hop reaches
  std::vector<StateIndex> targets_of;
  for (std::size_t i = 1; i < length && broken == length; ++i) {
    const LinkIndex l = path.second[i - 1];
    const Link& link = links[l];
    const Node& node = nodes[path.first[i]];
    bool any = false;
    for (StateIndex s = 0; s < states; ++s) {
      if (from[i - 1][s] == none) continue;
      if (link.kind == LinkKind::guard) {
        data_class.guard_targets(guards, l, s, targets_of);
      } else {
        targets_of.clear();
        if (!link.is_transport() || transport_is_adequate(scheme, link, data_class.labels[s].level))
          targets_of.push_back(s);
      }
      for (StateIndex t : targets_of) {
        if (from[i][t] != none) continue;
        if (hold_failures(node, data_class.labels[t], data_class.residency) != 0) continue;
        from[i][t] = s;
        any = true;
      }
    }
    if (!any) broken = i;
  }

  // The state shown at each node: the lowest alive state before the break, traced back.
  std::vector<StateIndex> shown(length, 0);
  const std::size_t last_alive = broken == length ? length - 1 : broken - 1;
  StateIndex s = 0;
  while (s < states && from[last_alive][s] == none) ++s;
  for (std::size_t i = last_alive + 1; i-- > 0;) {
    shown[i] = s;
    if (i > 0) s = from[i][s];
  }
  for (std::size_t i = last_alive + 1; i < length; ++i) shown[i] = shown[last_alive];
  for (std::size_t i = 0; i < length; ++i)
    result.path.push_back(
        Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], data_class.label_text(model, shown[i])});
  if (broken == length) {
    result.why = "the shortest path keeps the label";  // cannot happen when no route exists
    result.remediation = "";
    return result;
  }

  const LinkIndex l = path.second[broken - 1];
  const Link& link = links[l];
  const NodeIndex w = path.first[broken];
  const StateIndex carried = shown[broken - 1];
  const Label& label = data_class.labels[carried];
  const std::string label_text = data_class.label_text(model, carried);
  const std::string link_id = quoted(model.link_id(l));
  const std::string node_id = quoted(model.node_id(w));
  const std::string hop = "hop " + std::to_string(broken) + " (" + kind_of(link) + " " + link_id + " to " +
                          node_id + ")";
  if (link.is_transport() && !transport_is_adequate(scheme, link, label.level)) {
    const bool classified = scheme.is_classified(label.level);
    result.why = "the shortest path ignoring labels breaks at " + hop + ": it runs on a " +
                 scheme.level_name(link.carrier) + " carrier with encryption " +
                 std::string(to_string(link.encryption)) + ", not adequate for " + label_text + " (" +
                 (classified ? "classified data needs csfc or type1" : "controlled data needs tls, csfc or type1") +
                 " on a lower carrier)";
    result.remediation = "Encrypt " + link_id + " with " + (classified ? "csfc or type1" : "tls or better") +
                         " or carry it on a " + scheme.level_name(label.level) +
                         " network, or route the flow another way.";
    return result;
  }
  const std::uint8_t failures = hold_failures(nodes[w], label, data_class.residency);
  result.why = "the shortest path ignoring labels breaks at " + hop + ": " + node_id + " cannot hold " +
               label_text + ": " + hold_reasons(model, w, label, data_class.residency, failures, data_class);
  if (link.kind == LinkKind::guard) {
    std::vector<StateIndex> offered;
    data_class.guard_targets(guards, l, carried, offered);
    if (offered.size() == 1) {
      result.why += "; guard " + link_id + " has no release whose `from` covers " + label_text;
      result.remediation = "Accredit guard " + link_id + " for a release from " + label_text +
                           " to a label " + node_id + " holds, or route the flow another way.";
      return result;
    }
    for (std::size_t k = 1; k < offered.size(); ++k) {
      const Label& released = data_class.labels[offered[k]];
      result.why += "; after guard " + link_id + "'s release to " + data_class.label_text(model, offered[k]) +
                    " " + hold_reasons(model, w, released, data_class.residency,
                                       hold_failures(nodes[w], released, data_class.residency), data_class);
    }
  }
  std::string accreditation = scheme.level_name(label.level);
  if (!label.compartments.empty()) accreditation += "//" + format_compartments(label.compartments, scheme);
  result.remediation = remediation_for(failures, node_id, accreditation);
  return result;
}

double reference_least_latency(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
                               const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets,
                               double threshold) {
  if (contains_node(targets, a)) return 0;
  const auto& nodes = model.nodes();
  const auto& links = model.links();
  const std::uint32_t states = static_cast<std::uint32_t>(data_class.labels.size());
  std::vector<double> distance(nodes.size() * states, infinity);
  using Entry = std::pair<double, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  distance[a * states] = 0;
  queue.push({0, a * states});
  std::vector<StateIndex> next;
  while (!queue.empty()) {
    auto [d, v] = queue.top();
    queue.pop();
    if (d > distance[v]) continue;
    const NodeIndex u = v / states;
    const StateIndex s = v % states;
    if (contains_node(targets, u)) return d;  // a is not a target: it was checked above
    auto range = boost::out_edges(u, network);
    for (auto e = range.first; e != range.second; ++e) {
      const LinkIndex l = network[*e].link;
      const Link& link = links[l];
      if (link.bandwidth_mbps < threshold) continue;
      if (link.kind == LinkKind::guard) {
        data_class.guard_targets(guards, l, s, next);
      } else {
        next.clear();
        if (!link.is_transport() || transport_is_adequate(model.scheme(), link, data_class.labels[s].level))
          next.push_back(s);
      }
      const NodeIndex w = boost::target(*e, network);
      for (StateIndex t : next) {
        if (hold_failures(nodes[w], data_class.labels[t], data_class.residency) != 0) continue;
        const std::uint32_t x = w * states + t;
        if (d + link.latency_ms < distance[x]) {
          distance[x] = d + link.latency_ms;
          queue.push({distance[x], x});
        }
      }
    }
  }
  return infinity;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
