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


#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

namespace {


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
  // What the searches read of a core arc, beside it in the order of core_out_arcs (its
  // head's core number, link and latency) and of core_in_arcs (its tail's core number):
  // one load where following the arc's index took three. And each core vertex's node.
  std::vector<std::uint32_t> core_out_to, core_in_from;
  std::vector<LinkIndex> core_out_link;
  std::vector<double> core_out_latency;
  std::vector<NodeIndex> core_node;
  std::vector<unsigned char> multi_node;   // per node: two or more live vertices
  std::vector<unsigned char> simple_link;  // per link: one arc, or two opposite arcs
  bool has_several = false;                // some node or link is neither
  std::vector<std::uint32_t> dead_start, dead_ends;  // per core number: the dead ends on it that count
  std::vector<unsigned char> counts_for_several;       // per core number (see make_group)
  std::vector<std::pair<VertexIndex, std::uint32_t>> counting;  // those vertices, each with its core anchor
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
  g.core_out_to.resize(g.core_out_arcs.size());
  g.core_out_link.resize(g.core_out_arcs.size());
  g.core_out_latency.resize(g.core_out_arcs.size());
  for (std::size_t k = 0; k < g.core_out_arcs.size(); ++k) {
    const std::uint32_t e = g.core_out_arcs[k];
    g.core_out_to[k] = core_head[e];
    g.core_out_link[k] = g.link[e];
    g.core_out_latency[k] = g.latency[e];
  }
  g.core_in_from.resize(g.core_in_arcs.size());
  for (std::size_t k = 0; k < g.core_in_arcs.size(); ++k) g.core_in_from[k] = core_tail[g.core_in_arcs[k]];
  g.core_node.resize(g.vertex_of.size());
  for (std::size_t c = 0; c < g.vertex_of.size(); ++c) g.core_node[c] = g.node_of(g.vertex_of[c]);

  g.multi_node.assign(model.nodes().size(), 0);
  std::vector<std::uint32_t> live(model.nodes().size(), 0);
  for (VertexIndex v = 0; v < vertex_count; ++v)
    if (g.out_start[v + 1] > g.out_start[v] || g.in_start[v + 1] > g.in_start[v]) ++live[g.node_of(v)];
  for (NodeIndex n = 0; n < live.size(); ++n) g.multi_node[n] = live[n] >= 2;
  // A link is simple when its arcs are at most one, or two opposite ones.
  g.simple_link.assign(model.links().size(), 1);
  {
    std::vector<std::uint32_t> first(model.links().size(), none), count(model.links().size(), 0);
    for (std::uint32_t e = 0; e < g.tail.size(); ++e) {
      const LinkIndex l = g.link[e];
      if (++count[l] == 1) {
        first[l] = e;
      } else if (count[l] > 2 || g.tail[first[l]] != g.head[e] || g.head[first[l]] != g.tail[e]) {
        g.simple_link[l] = 0;
      }
    }
  }
  // The vertices find_several() looks at: of a node with several live vertices, or with an
  // arc of a link that is not simple. The dead ends among them by the core vertex they hang on.
  g.counts_for_several.assign(g.vertex_of.size(), 0);
  {
    std::vector<std::uint32_t> dead;
    std::vector<VertexIndex> anchor(vertex_count, 0);
    for (VertexIndex v = 0; v < vertex_count; ++v) {
      bool counts = g.multi_node[g.node_of(v)] != 0;
      for (std::uint32_t i = g.out_start[v]; i < g.out_start[v + 1] && !counts; ++i)
        counts = g.simple_link[g.link[g.out_arcs[i]]] == 0;
      if (!counts) continue;
      if (g.core_of[v] != none) {
        g.counts_for_several[g.core_of[v]] = 1;
        g.counting.emplace_back(v, g.core_of[v]);
      } else if (g.neighbour[v] != none) {
        dead.push_back(v);
        anchor[v] = g.core_of[g.neighbour[v]];
        g.counting.emplace_back(v, anchor[v]);
      }
    }
    csr(g.vertex_of.size(), anchor, dead, g.dead_start, g.dead_ends);
  }
  g.has_several = std::any_of(g.multi_node.begin(), g.multi_node.end(), [](unsigned char x) { return x != 0; }) ||
                  std::any_of(g.simple_link.begin(), g.simple_link.end(), [](unsigned char x) { return x == 0; });
  return g;
}

// The dominator tree of the core from one root, with the order that answers "dominates".
// Its arrays have a slot per core vertex, valid where the vertex is reached from the root
// (stamped with the root's generation), so that a root costs what it reaches.
struct Dominators {
  std::uint32_t root = 0;
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> stamp;  // == generation: reached from the root
  std::vector<std::uint32_t> idom;   // none for the root
  std::vector<std::uint32_t> enter, leave;
  // What a route from the root may use of each element: a node with two reachable vertices,
  // a link whose reachable arcs are more than one arc or one arc and its reverse. Only
  // those can be critical without a dominating vertex or arc.
  // Found by find_several() when a pair without a latency bound first asks for them.
  std::vector<unsigned char> several_nodes, several_links;
  bool has_several = false;
  bool several_found = false;
  // Lengauer and Tarjan's arrays, by preorder number, and what the last root set.
  std::vector<std::uint32_t> number, vertex, parent, semi, label, ancestor, idom_number, bucket, next_in_bucket;
  std::vector<std::uint32_t> child_start, children, path;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
  std::vector<std::uint32_t> live, first, second;  // per node and per link
  std::vector<std::uint32_t> set_nodes, set_links;  // where the last root left marks
  bool reaches(std::uint32_t v) const { return stamp[v] == generation; }
  // Whether x dominates y (x == y included); both reachable.
  bool dominates(std::uint32_t x, std::uint32_t y) const { return enter[x] <= enter[y] && leave[y] <= leave[x]; }
  std::uint32_t common(std::uint32_t x, std::uint32_t y) const {
    while (!dominates(x, y)) x = idom[x];
    return x;
  }
};

// Lengauer and Tarjan's simple algorithm (path compression) over the core's arcs from the
// root, in preorder numbers: only the vertices the root reaches are touched.
void dominators(const Group& g, std::uint32_t root, Dominators& d) {
  const std::size_t count = g.vertex_of.size();
  if (d.stamp.size() != count) {
    d.stamp.assign(count, 0);
    d.generation = 0;
    d.idom.resize(count);
    d.enter.resize(count);
    d.leave.resize(count);
    d.number.resize(count);
  }
  if (++d.generation == 0) {
    std::fill(d.stamp.begin(), d.stamp.end(), 0);
    d.generation = 1;
  }
  d.root = root;
  // Depth-first from the root: preorder numbers, and each vertex's parent by number.
  d.vertex.clear();
  d.parent.clear();
  auto visit = [&](std::uint32_t v, std::uint32_t parent) {
    d.stamp[v] = d.generation;
    d.number[v] = static_cast<std::uint32_t>(d.vertex.size());
    d.vertex.push_back(v);
    d.parent.push_back(parent);
    d.stack.emplace_back(v, g.core_out_start[v]);
  };
  d.stack.clear();
  visit(root, none);
  while (!d.stack.empty()) {
    auto& [v, next] = d.stack.back();
    if (next == g.core_out_start[v + 1]) {
      d.stack.pop_back();
      continue;
    }
    const std::uint32_t w = g.core_out_to[next++];
    if (!d.reaches(w)) visit(w, d.number[v]);
  }
  const auto n = static_cast<std::uint32_t>(d.vertex.size());
  d.semi.resize(n);
  d.label.resize(n);
  d.ancestor.assign(n, none);
  d.idom_number.assign(n, none);
  d.bucket.assign(n, none);
  d.next_in_bucket.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) d.semi[i] = d.label[i] = i;
  // The vertex of least semidominator on x's path in the forest, compressing the path.
  auto eval = [&](std::uint32_t x) {
    if (d.ancestor[x] == none) return x;
    d.path.clear();
    for (std::uint32_t u = x; d.ancestor[d.ancestor[u]] != none; u = d.ancestor[u]) d.path.push_back(u);
    for (std::size_t k = d.path.size(); k-- > 0;) {
      const std::uint32_t u = d.path[k], a = d.ancestor[u];
      if (d.semi[d.label[a]] < d.semi[d.label[u]]) d.label[u] = d.label[a];
      d.ancestor[u] = d.ancestor[a];
    }
    return d.label[x];
  };
  for (std::uint32_t i = n; i-- > 1;) {
    const std::uint32_t w = d.vertex[i];
    for (std::uint32_t k = g.core_in_start[w]; k < g.core_in_start[w + 1]; ++k) {
      const std::uint32_t v = g.core_in_from[k];
      if (!d.reaches(v)) continue;
      const std::uint32_t u = eval(d.number[v]);
      if (d.semi[u] < d.semi[i]) d.semi[i] = d.semi[u];
    }
    d.next_in_bucket[i] = d.bucket[d.semi[i]];
    d.bucket[d.semi[i]] = i;
    const std::uint32_t p = d.parent[i];
    d.ancestor[i] = p;
    for (std::uint32_t x = d.bucket[p]; x != none; x = d.next_in_bucket[x]) {
      const std::uint32_t u = eval(x);
      d.idom_number[x] = d.semi[u] < d.semi[x] ? u : p;
    }
    d.bucket[p] = none;
  }
  for (std::uint32_t i = 1; i < n; ++i)
    if (d.idom_number[i] != d.semi[i]) d.idom_number[i] = d.idom_number[d.idom_number[i]];
  d.idom[root] = none;
  for (std::uint32_t i = 1; i < n; ++i) d.idom[d.vertex[i]] = d.vertex[d.idom_number[i]];

  // The tree's preorder interval of each vertex, by a walk over children lists by number.
  d.child_start.assign(n + 1, 0);
  for (std::uint32_t i = 1; i < n; ++i) ++d.child_start[d.idom_number[i] + 1];
  for (std::uint32_t i = 0; i < n; ++i) d.child_start[i + 1] += d.child_start[i];
  d.children.resize(d.child_start[n]);
  {
    std::vector<std::uint32_t>& next = d.path;
    next.assign(d.child_start.begin(), d.child_start.end() - 1);
    for (std::uint32_t i = 1; i < n; ++i) d.children[next[d.idom_number[i]]++] = i;
  }
  std::uint32_t clock = 0;
  d.stack.assign(1, {0u, d.child_start[0]});
  d.enter[root] = clock++;
  while (!d.stack.empty()) {
    auto& [i, next] = d.stack.back();
    if (next < d.child_start[i + 1]) {
      const std::uint32_t c = d.children[next++];
      d.enter[d.vertex[c]] = clock++;
      d.stack.emplace_back(c, d.child_start[c]);
    } else {
      d.leave[d.vertex[i]] = clock++;
      d.stack.pop_back();
    }
  }

  d.several_found = false;
}

// The dominators' several_nodes, several_links and has_several for the root's reachable
// vertices: a pass over them and their arcs, dead ends included, made only for a root
// whose pairs need them.
void find_several(const Group& g, Dominators& d) {
  if (d.several_found) return;
  d.several_found = true;
  d.has_several = false;
  if (!g.has_several) return;
  const auto n = static_cast<std::uint32_t>(d.vertex.size());
  // The reachable vertices: those of the core the root reaches, and the dead ends on them
  // (a dead end is left only when it is the source). Marks of the last root are cleared.
  if (d.several_nodes.size() != g.multi_node.size()) {
    d.several_nodes.assign(g.multi_node.size(), 0);
    d.live.assign(g.multi_node.size(), 0);
  }
  if (d.several_links.size() != g.simple_link.size()) {
    d.several_links.assign(g.simple_link.size(), 0);
    d.first.assign(g.simple_link.size(), none);
    d.second.assign(g.simple_link.size(), none);
  }
  for (std::uint32_t x : d.set_nodes) d.several_nodes[x] = 0, d.live[x] = 0;
  for (std::uint32_t l : d.set_links) d.several_links[l] = 0, d.first[l] = d.second[l] = none;
  d.set_nodes.clear();
  d.set_links.clear();
  auto see_vertex = [&](VertexIndex v) {
    const NodeIndex node = g.node_of(v);
    if (d.live[node] == 0) d.set_nodes.push_back(node);
    if (d.live[node] < 2 && ++d.live[node] == 2) {
      d.several_nodes[node] = 1;
      d.has_several = true;
    }
    for (std::uint32_t k = g.out_start[v]; k < g.out_start[v + 1]; ++k) {
      const std::uint32_t e = g.out_arcs[k];
      const LinkIndex l = g.link[e];
      if (g.simple_link[l] || d.several_links[l]) continue;
      if (d.first[l] == none) {
        d.first[l] = e;
        d.set_links.push_back(l);
      } else if (d.second[l] == none && g.tail[d.first[l]] == g.head[e] && g.head[d.first[l]] == g.tail[e]) {
        d.second[l] = e;
      } else {
        d.several_links[l] = 1;
        d.has_several = true;
      }
    }
  };
  // Whichever is shorter: the vertices that count, or those the root reaches (the answer
  // does not depend on the order).
  if (g.counting.size() < n) {
    for (const auto& [v, anchor] : g.counting)
      if (d.reaches(anchor)) see_vertex(v);
    return;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t c = d.vertex[i];
    if (g.counts_for_several[c]) see_vertex(g.vertex_of[c]);
    for (std::uint32_t k = g.dead_start[c]; k < g.dead_start[c + 1]; ++k) see_vertex(g.dead_ends[k]);
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

// A search tree over the core from a root: the arc into each vertex reached and its
// latency, valid where the vertex's stamp is the tree's generation, so that a search
// costs what it reaches rather than a pass over the core to reset it.
struct Tree {
  std::vector<std::uint32_t> via;
  std::vector<double> dist;
  std::vector<std::uint32_t> stamp;
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> pending;  // a search left to take on (reaches())
  explicit Tree(std::size_t count) : via(count), dist(count), stamp(count, 0) {}
  void clear() {
    if (++generation == 0) {  // wrapped: every stamp would read as reached
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
  }
  bool reached(std::uint32_t v) const { return stamp[v] == generation; }
  void reach(std::uint32_t v, std::uint32_t arc, double d) {
    stamp[v] = generation;
    via[v] = arc;
    dist[v] = d;
  }
};

// Dijkstra over the core from the root, the pair's first and last dead-end arcs added.
class Searcher {
 public:
  explicit Searcher(const Group& g) : g_(g) {}

  // Pairs come sorted by root: what is kept per root is dropped when the root changes.
  void set_root(std::uint32_t root, double cutoff) {
    root_ = root;
    cutoff_ = cutoff;
    reach_tree_ = fast_tree_ = nullptr;
    masked_reach_.clear();
    masked_tree_.clear();
    trees_used_ = 0;
  }
  // The elements on every route of the root's shared search tree (by hops, or with
  // `fastest` by latency and within the pair's bound) to one of the pair's targets: a route
  // to each target the tree reaches, and what they have in common (an element off one of
  // them is not critical). Empty when no target is reached.
  std::vector<Element> tree_routes(const PairQuery& q, bool fastest) {
    Tree*& tree = fastest ? fast_tree_ : reach_tree_;
    if (tree == nullptr) {
      tree = take_tree();
      grow_tree(fastest, *tree);
    }
    const Tree& via = *tree;
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
    const std::size_t element_count = g_.multi_node.size() + g_.simple_link.size();
    if (marks_.size() != element_count) marks_.assign(element_count, 0);
    auto number = [&](const Element& e) {
      return e.kind == ElementKind::node ? e.index : static_cast<std::uint32_t>(g_.multi_node.size()) + e.index;
    };
    for (const Target& t : q.targets) {
      if (!via.reached(t.anchor)) continue;
      const double entry = extra(t, Mask{}, nullptr);  // infinity: a dead end nothing enters
      if (entry == infinity) continue;
      if (fastest && !(offset + via.dist[t.anchor] + entry <= q.limit)) continue;
      route.clear();
      route_elements(q, t, via, source_arc, Mask{}, route);
      if (first) {
        common = route;
        first = false;
      } else {
        // What is common stays where the route has it too: the route's elements marked.
        if (++mark_ == 0) {
          std::fill(marks_.begin(), marks_.end(), 0);
          mark_ = 1;
        }
        for (const Element& e : route) marks_[number(e)] = mark_;
        common.erase(std::remove_if(common.begin(), common.end(),
                                    [&](const Element& e) { return marks_[number(e)] != mark_; }),
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
    // A depth-first search from the root per masked element, kept for the other pairs of
    // the root: it stops at the first of a pair's targets, and the next pair's question
    // takes it on from there.
    const std::uint64_t key = m.node != none ? m.node : (std::uint64_t{1} << 32) | m.link;
    auto it = masked_reach_.find(key);
    if (it == masked_reach_.end()) {
      Tree& seen = *take_tree();
      seen.pending.clear();
      if (g_.node_of(g_.vertex_of[root_]) != m.node) {
        seen.reach(root_, none, 0);
        seen.pending.push_back(root_);
      }
      it = masked_reach_.emplace(key, &seen).first;
    }
    Tree& seen = *it->second;
    // The vertices a route to one of the pair's targets may end at, marked.
    if (goals_.size() != g_.vertex_of.size()) goals_.assign(g_.vertex_of.size(), 0);
    if (++goal_ == 0) {
      std::fill(goals_.begin(), goals_.end(), 0);
      goal_ = 1;
    }
    bool any = false;
    for (const Target& t : q.targets) {
      if (g_.node_of(t.vertex) == m.node || (t.dead && extra(t, m, nullptr) == infinity)) continue;
      if (seen.reached(t.anchor)) return true;
      goals_[t.anchor] = goal_;
      any = true;
    }
    if (!any) return false;
    while (!seen.pending.empty()) {
      const std::uint32_t v = seen.pending.back();
      seen.pending.pop_back();
      for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
        const std::uint32_t w = g_.core_out_to[i];
        // (v is reached, so not of a masked node.)
        if (seen.reached(w) || g_.core_out_link[i] == m.link || g_.core_node[w] == m.node) continue;
        seen.reach(w, g_.core_out_arcs[i], 0);
        seen.pending.push_back(w);
        if (goals_[w] == goal_) {
          seen.pending.push_back(v);  // the rest of its arcs, later
          return true;
        }
      }
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
      Tree* tree = take_tree();
      grow(m, *tree);
      it = masked_tree_.emplace(key, tree).first;
    }
    const Tree& tree = *it->second;
    std::size_t best_target = none;
    double best = infinity;
    for (std::size_t k = 0; k < q.targets.size(); ++k) {
      const Target& t = q.targets[k];
      if (g_.node_of(t.vertex) == m.node || !tree.reached(t.anchor)) continue;
      const double total = offset + tree.dist[t.anchor] + extra(t, m, nullptr);
      if (total < best) {
        best = total;
        best_target = k;
      }
    }
    if (best_target == none || !(best <= q.limit)) return found;
    found.latency = best;
    route_elements(q, q.targets[best_target], tree, source_arc, m, found.elements);
    return found;
  }

 private:
  // The elements of the route to target t along `via` (the arc into each core vertex),
  // with the source's arc and the target's entry arc.
  void route_elements(const PairQuery& q, const Target& t, const Tree& tree,
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
      const std::uint32_t e = tree.via[v];
      out.push_back(Element{ElementKind::link, g_.link[e]});
      add_node(g_.vertex_of[v]);
      v = g_.core_of[g_.tail[e]];
    }
    add_node(g_.vertex_of[q.root]);
    if (source_arc != none) out.push_back(Element{ElementKind::link, g_.link[source_arc]});
  }
  // A tree of the pool, cleared: the root's searches keep theirs until the root changes.
  Tree* take_tree() {
    if (trees_used_ == trees_.size()) trees_.push_back(std::make_unique<Tree>(g_.vertex_of.size()));
    Tree* tree = trees_[trees_used_++].get();
    tree->clear();
    return tree;
  }
  // The search tree of the whole core from the root: by hops, or by latency.
  void grow_tree(bool fastest, Tree& tree) {
    if (!fastest) {
      std::vector<std::uint32_t>& queue = stack_;
      queue.assign(1, root_);
      tree.reach(root_, none, 0);
      for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t v = queue[head];
        for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
          const std::uint32_t w = g_.core_out_to[i];
          if (tree.reached(w)) continue;
          tree.reach(w, g_.core_out_arcs[i], 0);
          queue.push_back(w);
        }
      }
      return;
    }
    grow(Mask{}, tree);
  }
  // Dijkstra over the whole core from the root with element `m` masked: the latency of each
  // vertex reached and the arc into it.
  void grow(const Mask& m, Tree& tree) {
    tree.reach(root_, none, 0);
    RadixQueue& queue = queue_;
    queue.clear();
    queue.push(0.0, root_);
    while (!queue.empty()) {
      const auto [d, v] = queue.pop();
      if (d > tree.dist[v]) continue;
      for (std::uint32_t i = g_.core_out_start[v]; i < g_.core_out_start[v + 1]; ++i) {
        const std::uint32_t w = g_.core_out_to[i];
        // (v is reached, so not of a masked node.)
        if (g_.core_out_link[i] == m.link || g_.core_node[w] == m.node) continue;
        const double nd = d + g_.core_out_latency[i];
        // Beyond every bound of the root's pairs a vertex is as good as unreached.
        if ((!tree.reached(w) || nd < tree.dist[w]) && nd <= cutoff_) {
          tree.reach(w, g_.core_out_arcs[i], nd);
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
  // Per root: the trees by hops and by latency (null: not grown yet), and those with an
  // element masked, by element; all from a pool reused from root to root.
  Tree* reach_tree_ = nullptr;
  Tree* fast_tree_ = nullptr;
  std::unordered_map<std::uint64_t, Tree*> masked_reach_, masked_tree_;
  std::vector<std::unique_ptr<Tree>> trees_;
  std::size_t trees_used_ = 0;
  std::vector<std::uint32_t> stack_;  // a search's stack or queue, kept between searches
  std::vector<std::uint32_t> goals_;  // per core vertex: == goal_ when a target of the pair asking
  std::uint32_t goal_ = 0;
  std::vector<std::uint32_t> marks_;  // per element (nodes, then links): == mark_ when on a route
  std::uint32_t mark_ = 0;
};


// The critical elements of one pair, given the dominators from its root.
void solve_pair(const Group& g, Dominators& d, Searcher& searcher, const PairQuery& q,
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
    find_several(g, d);
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
