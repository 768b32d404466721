// The reference searches of the flow rules (see flow_reference.hpp).
#include "flow_reference.hpp"

#include "flow_findings.hpp"
#include "reach_closure.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace clearance {
namespace reference {

using namespace detail;

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

ProductRoute fastest_route(const FlowSpace& space, NodeIndex a, Span<NodeIndex> targets, double threshold) {
  if (contains_node(targets, a)) return ProductRoute{{space.vertex(a, 0)}, {}, 0};
  std::vector<double> node_distance, distance;
  std::vector<VertexIndex> predecessor;
  detail::least_latency(space, a, threshold, node_distance, &predecessor, &distance);
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

double least_latency(const FlowContext& context, const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets,
                     double threshold) {
  if (contains_node(targets, a)) return 0;
  const Model& model = context.model;
  const NetworkGraph& network = context.network;
  const GuardReleases& guards = context.guards;
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

bool check_flow_source(const FlowContext& context, const FlowSpace& space, PlainPaths& plain, FlowIndex f,
                       NodeIndex a, Finding& out) {
  const Flow& flow = context.model.flows()[f];
  Span<NodeIndex> targets = context.model.placement().nodes_of(flow.to);
  const DataClass& data_class = context.class_of(flow);
  if (least_latency(context, data_class, a, targets, 0) == infinity) {
    out = route_finding(context, plain, f, a);
    return true;
  }
  const double threshold = context.threshold_value(context.threshold_index(flow));
  const double latency = least_latency(context, data_class, a, targets, threshold);
  if (latency == infinity) {
    out = bandwidth_finding(context, space, widest_route(space, a, targets), f, a);
    return true;
  }
  if (flow.max_latency_ms && latency > *flow.max_latency_ms) {
    out = latency_finding(context, space, fastest_route(space, a, targets, threshold), f, a);
    return true;
  }
  return false;
}

void check_flows(const Model& model, std::vector<Finding>& out) {
  if (model.flows().empty()) return;
  const FlowContext context(model);
  PlainPaths plain(model);
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    const Flow& flow = model.flows()[f];
    const Span<NodeIndex> sources = model.placement().nodes_of(flow.from);
    if (sources.empty() || model.placement().nodes_of(flow.to).empty()) continue;  // spec §4.1
    // The flow's own class, not the one it shares a search with: the reference folds nothing.
    const FlowSpace space(model, context.network, context.guards, context.class_of(flow), context.widths);
    for (std::size_t k = 0; k < sources.size(); ++k) {
      if (std::find(sources.begin(), sources.begin() + k, sources[k]) != sources.begin() + k) continue;
      Finding finding;
      if (check_flow_source(context, space, plain, f, sources[k], finding)) out.push_back(std::move(finding));
    }
  }
}

}  // namespace reference
}  // namespace clearance
