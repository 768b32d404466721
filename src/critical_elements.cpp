// Single points of failure from the structure of the product graph (critical_elements.hpp).
//
// Pairs are grouped by search class and bandwidth threshold: the arcs of at least the
// threshold of the class's product graph are what every route of the group may use. An
// element is critical for a pair when every route (within the latency bound, if any) from
// (a, 0) to a vertex of a target node uses one of its vertices or arcs.
// - Dead ends (a vertex all of whose arcs join one other vertex: hosts on one uplink) are
//   cut off: a simple route never passes one, it only starts or ends there. Dominators are
//   computed on the rest (the core), from the source's vertex, or from its uplink's for a
//   dead-end source, so the hosts of a site share one dominator tree.
// - The elements on every route to the targets: the dominators of the targets (their
//   lowest common ancestor in the dominator tree and its ancestors), and the links of the
//   arcs that are the only way into one of those (an arc (p, q) is on every route to q when
//   each other arc into q comes from a vertex q dominates).
// - An element with one vertex (a node with one live label state) or whose arcs are one arc,
//   or one link's two directions in one state, is critical exactly when one of its vertices
//   or arcs dominates the targets (for a link: a route avoiding the arc it crosses first but
//   using its other direction could be shortened to avoid both). Any other element of a
//   witness route is tried by a search that masks it.
// - With a latency bound, a route may survive and be too slow: each element of the fastest
//   route that does not dominate is tried by a search with it masked; a route found teaches
//   that every element not on it is not critical either.
#include "critical_elements.hpp"

#include "flow_space.hpp"
#include "radix_queue.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dominator_tree.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {

using DomGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using DomVertex = boost::graph_traits<DomGraph>::vertex_descriptor;

// The arcs of one (search class, threshold), with the dead ends apart from the core.
struct Group {
  std::uint32_t states = 1;
  std::vector<VertexIndex> tail, head;
  std::vector<LinkIndex> link;
  std::vector<double> latency;
  std::vector<std::uint32_t> out_start, out_arcs, in_start, in_arcs;  // per vertex
  std::vector<VertexIndex> neighbour;   // per vertex: a dead end's one neighbour, else none
  std::vector<std::uint32_t> core_of;   // per vertex: its core number, none for dead ends
  std::vector<VertexIndex> vertex_of;   // per core number
  std::vector<std::uint32_t> core_out_start, core_out_arcs, core_in_start, core_in_arcs;  // core arcs only
  std::vector<unsigned char> multi_node;   // per node: two or more live vertices
  std::vector<unsigned char> simple_link;  // per link: one arc, or two opposite arcs
  bool has_several = false;                // some node or link is neither
  DomGraph dom;
  NodeIndex node_of(VertexIndex v) const { return v / states; }
};

void csr(std::size_t count, const std::vector<VertexIndex>& key, const std::vector<std::uint32_t>& arcs,
         std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& list) {
  start.assign(count + 1, 0);
  for (std::uint32_t e : arcs) ++start[key[e] + 1];
  for (std::size_t i = 0; i < count; ++i) start[i + 1] += start[i];
  list.resize(arcs.size());
  std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
  for (std::uint32_t e : arcs) list[next[key[e]]++] = e;
}

Group make_group(const Model& model, const FlowSpace& space, double threshold) {
  Group g;
  g.states = space.state_count();
  const ProductGraph& graph = space.graph();
  const std::size_t vertex_count = boost::num_vertices(graph);
  for (auto range = boost::edges(graph); range.first != range.second; ++range.first) {
    const ProductEdge& edge = graph[*range.first];
    if (!(edge.bandwidth_mbps >= threshold)) continue;
    g.tail.push_back(static_cast<VertexIndex>(boost::source(*range.first, graph)));
    g.head.push_back(static_cast<VertexIndex>(boost::target(*range.first, graph)));
    g.link.push_back(edge.link);
    g.latency.push_back(edge.latency_ms);
  }
  std::vector<std::uint32_t> all(g.tail.size());
  for (std::uint32_t e = 0; e < all.size(); ++e) all[e] = e;
  csr(vertex_count, g.tail, all, g.out_start, g.out_arcs);
  csr(vertex_count, g.head, all, g.in_start, g.in_arcs);

  // Dead ends: every arc joins one other vertex, which is not a dead end of this one.
  std::vector<VertexIndex> only(vertex_count, none);
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    VertexIndex other = none;
    bool single = true;
    auto see = [&](VertexIndex w) {
      if (other == none) other = w;
      else if (other != w) single = false;
    };
    for (std::uint32_t i = g.out_start[v]; i < g.out_start[v + 1] && single; ++i) see(g.head[g.out_arcs[i]]);
    for (std::uint32_t i = g.in_start[v]; i < g.in_start[v + 1] && single; ++i) see(g.tail[g.in_arcs[i]]);
    if (single && other != none && other != v) only[v] = other;
  }
  g.neighbour.assign(vertex_count, none);
  g.core_of.assign(vertex_count, none);
  for (VertexIndex v = 0; v < vertex_count; ++v) {
    if (only[v] != none && only[only[v]] != v) {
      g.neighbour[v] = only[v];
    } else if (g.out_start[v + 1] > g.out_start[v] || g.in_start[v + 1] > g.in_start[v]) {  // isolated: neither
      g.core_of[v] = static_cast<std::uint32_t>(g.vertex_of.size());
      g.vertex_of.push_back(v);
    }
  }
  std::vector<std::uint32_t> core_arcs;
  std::vector<VertexIndex> core_tail(g.tail.size(), 0), core_head(g.tail.size(), 0);
  for (std::uint32_t e = 0; e < g.tail.size(); ++e) {
    if (g.core_of[g.tail[e]] == none || g.core_of[g.head[e]] == none) continue;
    core_arcs.push_back(e);
    core_tail[e] = g.core_of[g.tail[e]];
    core_head[e] = g.core_of[g.head[e]];
  }
  csr(g.vertex_of.size(), core_tail, core_arcs, g.core_out_start, g.core_out_arcs);
  csr(g.vertex_of.size(), core_head, core_arcs, g.core_in_start, g.core_in_arcs);
  g.dom = DomGraph(g.vertex_of.size());
  for (std::uint32_t e : core_arcs) boost::add_edge(core_tail[e], core_head[e], g.dom);

  g.multi_node.assign(model.nodes().size(), 0);
  std::vector<std::uint32_t> live(model.nodes().size(), 0);
  for (VertexIndex v = 0; v < vertex_count; ++v)
    if (g.out_start[v + 1] > g.out_start[v] || g.in_start[v + 1] > g.in_start[v]) ++live[g.node_of(v)];
  for (NodeIndex n = 0; n < live.size(); ++n) g.multi_node[n] = live[n] >= 2;
  std::vector<std::vector<std::uint32_t>> arcs_of(model.links().size());
  for (std::uint32_t e = 0; e < g.tail.size(); ++e) arcs_of[g.link[e]].push_back(e);
  g.simple_link.assign(model.links().size(), 1);
  for (LinkIndex l = 0; l < arcs_of.size(); ++l) {
    const auto& arcs = arcs_of[l];
    g.simple_link[l] = arcs.size() <= 1 || (arcs.size() == 2 && g.tail[arcs[0]] == g.head[arcs[1]] &&
                                            g.head[arcs[0]] == g.tail[arcs[1]]);
  }
  g.has_several = std::any_of(g.multi_node.begin(), g.multi_node.end(), [](unsigned char x) { return x != 0; }) ||
                  std::any_of(g.simple_link.begin(), g.simple_link.end(), [](unsigned char x) { return x == 0; });
  return g;
}

// The dominator tree of the core from one root, with the order that answers "dominates".
struct Dominators {
  std::uint32_t root = 0;
  std::vector<std::uint32_t> idom;  // none: unreachable (and the root)
  std::vector<std::uint32_t> enter, leave;
  // What a route from the root may use of each element: a node with two reachable vertices,
  // a link whose reachable arcs are more than one arc or one arc and its reverse. Only
  // those can be critical without a dominating vertex or arc.
  std::vector<unsigned char> several_nodes, several_links;
  bool has_several = false;
  bool reaches(std::uint32_t v) const { return v == root || idom[v] != none; }
  // Whether x dominates y (x == y included); both reachable.
  bool dominates(std::uint32_t x, std::uint32_t y) const { return enter[x] <= enter[y] && leave[y] <= leave[x]; }
  std::uint32_t common(std::uint32_t x, std::uint32_t y) const {
    while (!dominates(x, y)) x = idom[x];
    return x;
  }
};

void dominators(const Group& g, std::uint32_t root, Dominators& d) {
  const std::size_t count = g.vertex_of.size();
  // Boost's shorter overload numbers unreached vertices 0, the root's number, and then takes
  // them for predecessors the search reached: numbered past the end they are skipped.
  const DomVertex null = boost::graph_traits<DomGraph>::null_vertex();
  const auto index = boost::get(boost::vertex_index, g.dom);
  std::vector<std::size_t> number(count, std::numeric_limits<std::size_t>::max());
  std::vector<DomVertex> tree_parent(count, null), by_number(count, null), parent(count, null);
  boost::lengauer_tarjan_dominator_tree(g.dom, boost::vertex(root, g.dom), index,
                                        boost::make_iterator_property_map(number.begin(), index),
                                        boost::make_iterator_property_map(tree_parent.begin(), index), by_number,
                                        boost::make_iterator_property_map(parent.begin(), index));
  d.root = root;
  d.idom.assign(count, none);
  std::vector<std::uint32_t> child_start(count + 1, 0), children;
  for (std::size_t v = 0; v < count; ++v)
    if (parent[v] != boost::graph_traits<DomGraph>::null_vertex()) {
      d.idom[v] = static_cast<std::uint32_t>(parent[v]);
      ++child_start[parent[v] + 1];
    }
  for (std::size_t v = 0; v < count; ++v) child_start[v + 1] += child_start[v];
  children.resize(child_start[count]);
  {
    std::vector<std::uint32_t> next(child_start.begin(), child_start.end() - 1);
    for (std::uint32_t v = 0; v < count; ++v)
      if (d.idom[v] != none) children[next[d.idom[v]]++] = v;
  }
  d.enter.assign(count, 0);
  d.leave.assign(count, 0);
  std::uint32_t clock = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stack{{root, child_start[root]}};
  d.enter[root] = clock++;
  while (!stack.empty()) {
    auto& [v, next] = stack.back();
    if (next < child_start[v + 1]) {
      const std::uint32_t c = children[next++];
      d.enter[c] = clock++;
      stack.emplace_back(c, child_start[c]);
    } else {
      d.leave[v] = clock++;
      stack.pop_back();
    }
  }

  d.has_several = false;
  if (!g.has_several) return;
  // A vertex is reachable when it is in the core and reached, or a dead end whose
  // neighbour is reached (a dead end is left only when it is the source).
  auto reached = [&](VertexIndex v) {
    const std::uint32_t c = g.core_of[v];
    return c != none ? d.reaches(c) : d.reaches(g.core_of[g.neighbour[v]]);
  };
  d.several_nodes.assign(g.multi_node.size(), 0);
  std::vector<unsigned char> live(g.multi_node.size(), 0);
  for (VertexIndex v = 0; v + 1 < g.out_start.size(); ++v) {
    if (g.out_start[v + 1] == g.out_start[v] && g.in_start[v + 1] == g.in_start[v]) continue;
    if (!reached(v)) continue;
    const NodeIndex n = g.node_of(v);
    if (live[n] < 2 && ++live[n] == 2) {
      d.several_nodes[n] = 1;
      d.has_several = true;
    }
  }
  d.several_links.assign(g.simple_link.size(), 0);
  std::vector<std::uint32_t> first(g.simple_link.size(), none), second(g.simple_link.size(), none);
  for (std::uint32_t e = 0; e < g.tail.size(); ++e) {
    const LinkIndex l = g.link[e];
    if (g.simple_link[l] || d.several_links[l] || !reached(g.tail[e])) continue;
    if (first[l] == none) {
      first[l] = e;
    } else if (second[l] == none && g.tail[first[l]] == g.head[e] && g.head[first[l]] == g.tail[e]) {
      second[l] = e;
    } else {
      d.several_links[l] = 1;
      d.has_several = true;
    }
  }
}

// The one arc on every route into core vertex y (reachable, not the root), or none.
std::uint32_t only_entry(const Group& g, const Dominators& d, std::uint32_t y) {
  std::uint32_t found = none;
  for (std::uint32_t i = g.core_in_start[y]; i < g.core_in_start[y + 1]; ++i) {
    const std::uint32_t e = g.core_in_arcs[i];
    const std::uint32_t w = g.core_of[g.tail[e]];
    if (!d.reaches(w) || d.dominates(y, w)) continue;
    if (found != none) return none;
    found = e;
  }
  return found;
}

bool contains(const std::vector<Element>& list, const Element& e) {
  return std::find(list.begin(), list.end(), e) != list.end();
}

// One element masked in a search: a node (all its vertices) or a link (all its arcs).
struct Mask {
  NodeIndex node = none;
  LinkIndex link = none;
};

struct Target {
  VertexIndex vertex;
  std::uint32_t anchor;  // core number: the vertex itself, or a dead end's neighbour
  bool dead;
};

// What one pair asks of the group's graph.
struct PairQuery {
  NodeIndex source;
  VertexIndex source_vertex;
  bool dead_source;
  std::uint32_t root;  // core number
  std::vector<Target> targets;
  double limit;
};

// A route found by a search: its least latency (infinity: none) and its elements.
struct Found {
  double latency = infinity;
  std::vector<Element> elements;
};

// Dijkstra over the core from the root, the pair's first and last dead-end arcs added.
class Searcher {
 public:
  explicit Searcher(const Group& g) : g_(g) {}

  // Pairs come sorted by root: what is kept per root is dropped when the root changes.
  void set_root(std::uint32_t root, double cutoff) {
    root_ = root;
    cutoff_ = cutoff;
    reach_tree_.clear();
    fast_tree_.clear();
    masked_reach_.clear();
    masked_tree_.clear();
  }
  // The elements on every route of the root's shared search tree (by hops, or with
  // `fastest` by latency and within the pair's bound) to one of the pair's targets: a route
  // to each target the tree reaches, and what they have in common (an element off one of
  // them is not critical). Empty when no target is reached.
  std::vector<Element> tree_routes(const PairQuery& q, bool fastest) {
    std::vector<std::uint32_t>& via = fastest ? fast_tree_ : reach_tree_;
    if (via.empty()) grow_tree(fastest, via);
    std::uint32_t source_arc = none;
    double offset = 0;
    if (q.dead_source) {
      offset = infinity;
      for (std::uint32_t i = g_.out_start[q.source_vertex]; i < g_.out_start[q.source_vertex + 1]; ++i) {
        const std::uint32_t e = g_.out_arcs[i];
        if (g_.latency[e] < offset || source_arc == none) {
          offset = g_.latency[e];
          source_arc = e;
        }
      }
    }
    std::vector<Element> common, route;
    bool first = true;
    for (const Target& t : q.targets) {
      if (t.anchor != root_ && via[t.anchor] == none) continue;
      const double entry = extra(t, Mask{}, nullptr);  // infinity: a dead end nothing enters
      if (entry == infinity) continue;
      if (fastest && !(offset + tree_dist_[t.anchor] + entry <= q.limit)) continue;
      route.clear();
      route_elements(q, t, via, source_arc, Mask{}, route);
      if (first) {
        common = route;
        first = false;
      } else {
        common.erase(std::remove_if(common.begin(), common.end(),
                                    [&](const Element& e) { return !contains(route, e); }),
                     common.end());
      }
    }
    return common;
  }
  // Whether the pair has a route with element `m` masked, whatever its latency: a search
  // from the root per masked element, kept for the other pairs of the root.
  bool reaches(const PairQuery& q, const Mask& m) {
    if (q.dead_source) {
      bool leaves = false;
      for (std::uint32_t i = g_.out_start[q.source_vertex]; i < g_.out_start[q.source_vertex + 1] && !leaves; ++i)
        leaves = !masked(m, g_.out_arcs[i]);
      if (!leaves) return false;
    }
    const std::uint64_t key = m.node != none ? m.node : (std::uint64_t{1} << 32) | m.link;
    auto it = masked_reach_.find(key);
    if (it == masked_reach_.end()) {
      std::vector<unsigned char> seen(g_.vertex_of.size(), 0);
      if (g_.node_of(g_.vertex_of[root_]) != m.node) {
        std::vector<std::uint32_t> stack{root_};
        seen[root_] = 1;
        while (!stack.empty()) {
          const std::uint32_t v = stack.back();
          stack.pop_back();
          for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
            const std::uint32_t e = g_.core_out_arcs[i];
            const std::uint32_t w = g_.core_of[g_.head[e]];
            if (seen[w] || masked(m, e)) continue;
            seen[w] = 1;
            stack.push_back(w);
          }
        }
      }
      it = masked_reach_.emplace(key, std::move(seen)).first;
    }
    const std::vector<unsigned char>& seen = it->second;
    for (const Target& t : q.targets) {
      if (g_.node_of(t.vertex) == m.node || !seen[t.anchor]) continue;
      if (!t.dead || extra(t, m, nullptr) != infinity) return true;
    }
    return false;
  }

  bool masked(const Mask& m, std::uint32_t arc) const {
    return g_.link[arc] == m.link || g_.node_of(g_.head[arc]) == m.node || g_.node_of(g_.tail[arc]) == m.node;
  }
  // The least latency of the entry into target t from its anchor (0 for a core target).
  double extra(const Target& t, const Mask& m, std::uint32_t* arc) const {
    if (!t.dead) return 0;
    double best = infinity;
    for (std::uint32_t i = g_.in_start[t.vertex]; i < g_.in_start[t.vertex + 1]; ++i) {
      const std::uint32_t e = g_.in_arcs[i];
      if (masked(m, e) || !(g_.latency[e] < best)) continue;
      best = g_.latency[e];
      if (arc != nullptr) *arc = e;
    }
    return best;
  }

  // The fastest route within the pair's bound with element `m` masked (latency infinity:
  // none): one search of the whole core from the root per masked element, kept for the
  // other pairs of the root, then the pair's own first and last arcs.
  Found search(const PairQuery& q, const Mask& m) {
    Found found;
    if (g_.node_of(g_.vertex_of[root_]) == m.node) return found;
    double offset = 0;
    std::uint32_t source_arc = none;
    if (q.dead_source) {
      offset = infinity;
      for (std::uint32_t i = g_.out_start[q.source_vertex]; i < g_.out_start[q.source_vertex + 1]; ++i) {
        const std::uint32_t e = g_.out_arcs[i];
        if (masked(m, e) || !(g_.latency[e] < offset)) continue;
        offset = g_.latency[e];
        source_arc = e;
      }
      if (source_arc == none) return found;
    }
    const std::uint64_t key = m.node != none ? m.node : (std::uint64_t{1} << 32) | m.link;
    auto it = masked_tree_.find(key);
    if (it == masked_tree_.end()) {
      MaskedTree tree;
      grow(m, tree.via, tree.dist);
      it = masked_tree_.emplace(key, std::move(tree)).first;
    }
    const MaskedTree& tree = it->second;
    std::size_t best_target = none;
    double best = infinity;
    for (std::size_t k = 0; k < q.targets.size(); ++k) {
      const Target& t = q.targets[k];
      if (g_.node_of(t.vertex) == m.node || tree.dist[t.anchor] == infinity) continue;
      const double total = offset + tree.dist[t.anchor] + extra(t, m, nullptr);
      if (total < best) {
        best = total;
        best_target = k;
      }
    }
    if (best_target == none || !(best <= q.limit)) return found;
    found.latency = best;
    route_elements(q, q.targets[best_target], tree.via, source_arc, m, found.elements);
    return found;
  }

 private:
  // The elements of the route to target t along `via` (the arc into each core vertex),
  // with the source's arc and the target's entry arc.
  void route_elements(const PairQuery& q, const Target& t, const std::vector<std::uint32_t>& via,
                      std::uint32_t source_arc, const Mask& m, std::vector<Element>& out) const {
    auto add_node = [&](VertexIndex v) {
      if (g_.node_of(v) != q.source) out.push_back(Element{ElementKind::node, g_.node_of(v)});
    };
    if (t.dead) {
      std::uint32_t arc = none;
      extra(t, m, &arc);
      out.push_back(Element{ElementKind::link, g_.link[arc]});
      add_node(t.vertex);
    }
    for (std::uint32_t v = t.anchor; v != q.root;) {
      const std::uint32_t e = via[v];
      out.push_back(Element{ElementKind::link, g_.link[e]});
      add_node(g_.vertex_of[v]);
      v = g_.core_of[g_.tail[e]];
    }
    add_node(g_.vertex_of[q.root]);
    if (source_arc != none) out.push_back(Element{ElementKind::link, g_.link[source_arc]});
  }
  // The search tree of the whole core from the root: by hops, or by latency.
  void grow_tree(bool fastest, std::vector<std::uint32_t>& via) {
    const std::size_t count = g_.vertex_of.size();
    via.assign(count, none);
    if (!fastest) {
      std::vector<std::uint32_t> queue{root_};
      std::vector<unsigned char> seen(count, 0);
      seen[root_] = 1;
      for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t v = queue[head];
        for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
          const std::uint32_t e = g_.core_out_arcs[i];
          const std::uint32_t w = g_.core_of[g_.head[e]];
          if (seen[w]) continue;
          seen[w] = 1;
          via[w] = e;
          queue.push_back(w);
        }
      }
      return;
    }
    grow(Mask{}, via, tree_dist_);
  }
  // Dijkstra over the whole core from the root with element `m` masked: the latency of each
  // vertex (infinity: not reached) and the arc into it.
  void grow(const Mask& m, std::vector<std::uint32_t>& via, std::vector<double>& dist) {
    const std::size_t count = g_.vertex_of.size();
    via.assign(count, none);
    dist.assign(count, infinity);
    dist[root_] = 0;
    RadixQueue& queue = queue_;
    queue.clear();
    queue.push(0.0, root_);
    while (!queue.empty()) {
      const auto [d, v] = queue.pop();
      if (d > dist[v]) continue;
      for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
        const std::uint32_t e = g_.core_out_arcs[i];
        if (masked(m, e)) continue;
        const std::uint32_t w = g_.core_of[g_.head[e]];
        const double nd = d + g_.latency[e];
        // Beyond every bound of the root's pairs a vertex is as good as unreached.
        if (nd < dist[w] && nd <= cutoff_) {
          dist[w] = nd;
          via[w] = e;
          queue.push(nd, w);
        }
      }
    }
  }

 private:
  const Group& g_;
  RadixQueue queue_;  // kept between searches
  double cutoff_ = infinity;  // the largest latency bound of the root's pairs
  std::uint32_t root_ = none;
  std::vector<std::uint32_t> reach_tree_, fast_tree_;     // per root: the arc into each vertex
  std::vector<double> tree_dist_;                          // per root: fast_tree_'s latencies
  std::unordered_map<std::uint64_t, std::vector<unsigned char>> masked_reach_;  // per root and masked element
  struct MaskedTree {
    std::vector<std::uint32_t> via;
    std::vector<double> dist;
  };
  std::unordered_map<std::uint64_t, MaskedTree> masked_tree_;  // per root and masked element
};


// The critical elements of one pair, given the dominators from its root.
void solve_pair(const Group& g, const Dominators& d, Searcher& searcher, const PairQuery& q,
                std::vector<Element>& critical) {
  auto add = [&](const Element& e) {
    if (e.kind == ElementKind::node && e.index == q.source) return;
    if (!contains(critical, e)) critical.push_back(e);
  };
  if (q.dead_source) {
    add(Element{ElementKind::node, g.node_of(g.vertex_of[q.root])});
    const std::uint32_t begin = g.out_start[q.source_vertex], end = g.out_start[q.source_vertex + 1];
    if (end - begin == 1) add(Element{ElementKind::link, g.link[g.out_arcs[begin]]});
  }
  // The targets a route reaches, and their lowest common dominator.
  std::vector<const Target*> reached;
  for (const Target& t : q.targets)
    if (d.reaches(t.anchor) && (!t.dead || g.in_start[t.vertex + 1] > g.in_start[t.vertex])) reached.push_back(&t);
  if (!reached.empty()) {
    std::uint32_t top;
    if (reached.size() == 1 && reached[0]->dead) {
      const Target& t = *reached[0];
      add(Element{ElementKind::node, g.node_of(t.vertex)});
      if (g.in_start[t.vertex + 1] - g.in_start[t.vertex] == 1)
        add(Element{ElementKind::link, g.link[g.in_arcs[g.in_start[t.vertex]]]});
      top = t.anchor;
    } else {
      top = reached[0]->anchor;
      for (const Target* t : reached) top = d.common(top, t->anchor);
    }
    for (std::uint32_t y = top;; y = d.idom[y]) {
      add(Element{ElementKind::node, g.node_of(g.vertex_of[y])});
      if (y == q.root) break;
      const std::uint32_t e = only_entry(g, d, y);
      if (e != none) add(Element{ElementKind::link, g.link[e]});
    }
  }
  auto mask_of = [](const Element& e) {
    Mask mask;
    if (e.kind == ElementKind::node) mask.node = e.index;
    else mask.link = e.index;
    return mask;
  };
  if (q.limit == infinity) {
    // Without a bound only elements with several vertices or arcs are left: each on a
    // route is tried by a search that masks it (kept per root).
    if (!d.has_several) return;
    for (const Element& e : searcher.tree_routes(q, false)) {
      const bool several = e.kind == ElementKind::node ? d.several_nodes[e.index] != 0 : d.several_links[e.index] != 0;
      if (several && !contains(critical, e) && !(e.kind == ElementKind::node && e.index == q.source) &&
          !searcher.reaches(q, mask_of(e)))
        add(e);
    }
    return;
  }
  // With a bound, every element of the fastest route that is not known critical is tried.
  std::vector<Element> candidates;
  for (const Element& e : searcher.tree_routes(q, true))
    if (!contains(critical, e) && !contains(candidates, e) && !(e.kind == ElementKind::node && e.index == q.source))
      candidates.push_back(e);
  std::vector<unsigned char> open(candidates.size(), 1);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!open[i]) continue;
    const Found route = searcher.search(q, mask_of(candidates[i]));
    if (route.latency == infinity) {
      add(candidates[i]);
      continue;
    }
    for (std::size_t k = i + 1; k < candidates.size(); ++k)
      if (open[k] && !contains(route.elements, candidates[k])) open[k] = 0;
  }
}

}  // namespace

std::vector<std::vector<Element>> critical_elements(const FlowContext& context, const std::vector<FlowSource>& pairs) {
  std::vector<std::vector<Element>> result(pairs.size());
  if (pairs.empty()) return result;
  const Model& model = context.model;
  const Placement& placement = model.placement();
  // Pairs by (search class, threshold), then by root.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = 0; i < pairs.size(); ++i) {
    const Flow& flow = model.flows()[pairs[i].flow];
    if (contains_node(placement.nodes_of(flow.to), pairs[i].node)) continue;  // the empty route
    groups[{context.classes.search_of[context.classes.class_of[flow.data]], context.threshold_index(flow)}].push_back(i);
  }
  std::map<std::uint32_t, std::unique_ptr<FlowSpace>> spaces;
  for (const auto& [key, members] : groups) {
    auto it = spaces.find(key.first);
    if (it == spaces.end())
      it = spaces
               .emplace(key.first, std::make_unique<FlowSpace>(model, context.network, context.guards,
                                                               context.classes.classes[key.first], context.widths))
               .first;
    const FlowSpace& space = *it->second;
    const Group g = make_group(model, space, context.threshold_value(key.second));
    Searcher searcher(g);
    std::vector<std::pair<std::uint32_t, PairQuery>> queries;
    queries.reserve(members.size());
    for (std::uint32_t i : members) {
      const Flow& flow = model.flows()[pairs[i].flow];
      PairQuery q;
      q.source = pairs[i].node;
      q.source_vertex = space.vertex(q.source, 0);
      q.limit = flow.max_latency_ms ? *flow.max_latency_ms : infinity;
      q.dead_source = g.core_of[q.source_vertex] == none;
      if (q.dead_source && g.neighbour[q.source_vertex] == none) continue;  // no arc: no route (not working)
      q.root = q.dead_source ? g.core_of[g.neighbour[q.source_vertex]] : g.core_of[q.source_vertex];
      const Span<NodeIndex> targets = placement.nodes_of(flow.to);
      for (std::size_t k = 0; k < targets.size(); ++k) {
        if (std::find(targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(k), targets[k]) !=
            targets.begin() + static_cast<std::ptrdiff_t>(k))
          continue;
        for (StateIndex s = 0; s < g.states; ++s) {
          const VertexIndex v = space.vertex(targets[k], s);
          if (g.out_start[v + 1] == g.out_start[v] && g.in_start[v + 1] == g.in_start[v]) continue;
          const bool dead = g.core_of[v] == none;
          q.targets.push_back(Target{v, dead ? g.core_of[g.neighbour[v]] : g.core_of[v], dead});
        }
      }
      queries.emplace_back(i, std::move(q));
    }
    std::stable_sort(queries.begin(), queries.end(),
                     [](const auto& x, const auto& y) { return x.second.root < y.second.root; });
    Dominators d;
    std::uint32_t current = none;
    for (std::size_t at = 0; at < queries.size(); ++at) {
      const auto& [i, q] = queries[at];
      if (q.root != current) {
        dominators(g, q.root, d);
        // The largest latency bound of the root's pairs (sorted by root): only bounded pairs
        // search by latency.
        double cutoff = 0;
        for (std::size_t k = at; k < queries.size() && queries[k].second.root == q.root; ++k)
          if (queries[k].second.limit != infinity) cutoff = std::max(cutoff, queries[k].second.limit);
        searcher.set_root(q.root, cutoff);
        current = q.root;
      }
      solve_pair(g, d, searcher, q, result[i]);
    }
  }
  return result;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
