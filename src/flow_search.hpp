// Internal: the (node, label) product graph that the flow rules (spec §4.1) search, and
// the searches over it. Shared by check_flows and explain_flow. Not installed.
//
// A data class is what routing depends on for a data asset: its label, its owner (the
// releasable set of a guard release's `to` comes from it) and its residency. Each class
// has a few label states: state 0 is the data's own label, the others the labels guard
// releases give it. The product graph of a class has a vertex per (node, state) and an
// edge per way a link may be crossed with a label: directions and diodes, adequate
// transport on network and courier links, releases on guards, and the `holds` test at the
// node reached. A route is then a plain path in that graph from (a, 0).
#pragma once

#include <clearance/finding.hpp>
#include <clearance/graph.hpp>
#include <clearance/model.hpp>

#include "radix_queue.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/properties.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

using StateIndex = std::uint32_t;
using VertexIndex = std::uint32_t;
inline constexpr std::uint32_t none = 0xFFFFFFFFu;

// Spec §3 transport: network or courier link `link` carries data at `level` adequately.
bool transport_is_adequate(const Scheme& scheme, const Link& link, Level level);

// Every guard release of the model, numbered across guards in link order.
struct GuardReleases {
  std::vector<std::uint32_t> first;  // per link: index of its first release (offsets, size links+1)
  std::vector<const Release*> releases;
  std::vector<Label> from;           // level and compartments of each release's `from`
};
GuardReleases collect_guard_releases(const Model& model);

// The label states of one data class.
struct DataClass {
  DataIndex representative = 0;   // a data asset of the class (its marking, owner, residency)
  const CountrySet* residency = nullptr;
  std::vector<Label> labels;      // [0] is the data's label
  std::vector<const Marking*> markings;  // the marking each state is written with
  std::vector<StateIndex> release_state;  // per release: the state its `to` gives
  // The states a guard link may leave the data in when crossed in state s: s itself and
  // the release states whose `from` covers labels[s] (without repeats), into `out`.
  void guard_targets(const GuardReleases& guards, LinkIndex link, StateIndex s,
                     std::vector<StateIndex>& out) const;
  std::string label_text(const Model& model, StateIndex s) const;
};
DataClass make_data_class(const Model& model, const GuardReleases& guards, DataIndex data);

// Data assets grouped by class: class_of[d] and one DataClass per class. Classes whose
// product graphs are the same (the same label states and releases, and a residency that
// excludes the same nodes) share one search: search_of[c] is the class searched for c,
// and its states are c's, index for index.
struct DataClasses {
  std::vector<std::uint32_t> class_of;
  std::vector<DataClass> classes;
  std::vector<std::uint32_t> search_of;
};
DataClasses classify_data(const Model& model, const GuardReleases& guards);

struct ProductEdge {
  LinkIndex link = 0;
  double latency_ms = 0;
  double bandwidth_mbps = 0;
};

using ProductGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, ProductEdge,
                                       boost::no_property, VertexIndex, std::uint32_t>;

// The product graph of one data class; vertex n * state_count + s is (node n, state s).
class FlowSpace {
 public:
  // `widths`: the model's distinct finite link bandwidths, ascending (FlowContext::widths).
  FlowSpace(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
            const DataClass& data_class, const std::vector<double>& widths);

  std::uint32_t state_count() const { return state_count_; }
  VertexIndex vertex(NodeIndex n, StateIndex s) const { return n * state_count_ + s; }
  NodeIndex node_of(VertexIndex v) const { return v / state_count_; }
  StateIndex state_of(VertexIndex v) const { return v % state_count_; }
  const ProductGraph& graph() const { return graph_; }
  const DataClass& data_class() const { return *data_class_; }
  // The distinct finite bandwidths of the model's links, ascending.
  const std::vector<double>& widths() const { return *widths_; }

 private:
  const DataClass* data_class_;
  std::uint32_t state_count_;
  ProductGraph graph_;
  const std::vector<double>* widths_;
};

// A route found in a product graph: vertices from the source, and the links between.
struct ProductRoute {
  std::vector<VertexIndex> vertices;  // empty when there is none
  std::vector<LinkIndex> links;       // links[i] is crossed to reach vertices[i + 1]
  double figure = 0;                  // total latency, or bottleneck bandwidth
};

// The nodes every vertex reaches (itself included) over edges of bandwidth >= threshold,
// by strong components and their condensation: one pass answers every source node. A
// row of node bits is kept only for components that an edge enters or that hold several
// vertices; the others (a source vertex that nothing reaches, such as (a, 0) where a may
// not hold the data) are answered from their successors' rows when asked.
class ReachClosure {
 public:
  // Builds nothing (built() false) when the rows would take more than budget_bytes.
  ReachClosure(const FlowSpace& space, std::size_t node_count, double threshold, std::size_t budget_bytes);
  bool built() const { return !component_.empty() || vertex_count_ == 0; }
  // Whether `from` reaches a node of `nodes`. The row of the last vertex asked that has
  // none of its own is kept, so questions sorted by source cost one merge each.
  bool reaches_any(VertexIndex from, Span<NodeIndex> nodes);

 private:
  template <typename Graph>
  void close(const FlowSpace& space, const Graph& graph, std::size_t budget_bytes);
  const std::uint64_t* row_of(VertexIndex from);
  std::size_t words_;
  std::size_t vertex_count_ = 0;
  std::vector<std::uint32_t> component_;
  std::vector<std::uint32_t> row_;        // per component: its row, or none
  std::vector<std::uint64_t> bits_;
  // For a vertex whose component has no row: its successors' components are
  // successors_[successor_begin_[v], successor_end_[v]).
  std::vector<std::uint32_t> successor_begin_, successor_end_, successors_;
  std::vector<NodeIndex> own_node_;       // per vertex without a row: its node
  VertexIndex scratch_vertex_ = 0xFFFFFFFFu;
  std::vector<std::uint64_t> scratch_;
};

// Least total latency from (a, 0) to each node over edges of bandwidth >= threshold;
// `node_distance[n]` is the least over n's states (infinity when unreached).
void least_latency(const FlowSpace& space, NodeIndex a, double threshold,
                   std::vector<double>& node_distance, std::vector<VertexIndex>* predecessor,
                   std::vector<double>* vertex_distance);

// The fastest route from (a, 0) to a node of `targets` over edges of bandwidth >=
// threshold (empty vertices when none), by Boost's Dijkstra over the whole graph: the
// reference that LatencyCheck::fastest is tested against.
ProductRoute fastest_route(const FlowSpace& space, NodeIndex a, Span<NodeIndex> targets,
                           double threshold);
// The route from (a, 0) to a node of `targets` whose narrowest link is widest, by Boost's
// Dijkstra in the (max, min) semiring: the reference for LatencyCheck::widest.
ProductRoute widest_route(const FlowSpace& space, NodeIndex a, Span<NodeIndex> targets);

// Whether a route of at most a given latency exists, by bidirectional Dijkstra: one
// search from (a, 0) over the product graph, one from every state of the target nodes
// over its reverse, alternating until a route within the limit is found or the two
// frontiers together pass it; when it fails, the same search may go on to the fastest
// route. Each side stays near its end, a fraction of what a search from the source
// alone settles, and dead ends (hosts on one uplink) are never searched from. Maps
// persist between calls and only what a call touched is reset.
//
// A source that is a dead end is searched from the vertex its uplink reaches, with the
// flow's own limit: every route from the source starts with that uplink, so the answer
// (a route within the limit, or the least latency and its route) holds for every source
// on the same uplink vertex, and answers that cost a long search are kept. The replicas
// of a workload on one site ask the same question of a far target: the first asks it of
// the wide-area network, the others read the answer. What a call returns does not depend
// on what was kept: a kept answer is the one the search would give again.
class LatencyCheck {
 public:
  explicit LatencyCheck(const FlowSpace& space);
  // Whether a route of at most max_latency_ms (infinity: any route) exists over edges of
  // bandwidth >= threshold, or only slower ones, or none. When only slower ones do, the
  // search goes on to the fastest route (what it has explored is not explored again) and
  // puts it in `fastest` when given.
  enum class Reach { within, slower, unreachable };
  Reach reach(NodeIndex a, Span<NodeIndex> targets, double threshold, double max_latency_ms,
              ProductRoute* fastest = nullptr);
  // Arcs scanned by every search so far: what the searches have cost.
  std::uint64_t work() const { return work_; }
  // The fastest route (empty vertices when there is none), by the same search run until
  // the frontiers pass the best route found.
  ProductRoute fastest(NodeIndex a, Span<NodeIndex> targets, double threshold);
  // The widest route (whose narrowest link is widest), by the same two-sided search in
  // the (max, min) semiring; empty vertices when there is none.
  ProductRoute widest(NodeIndex a, Span<NodeIndex> targets);

 private:
  struct Arc {
    VertexIndex vertex;   // the other end
    std::uint32_t width;  // the rank of the link's bandwidth in widths_ (its size: unlimited)
    double latency_ms;
  };
  // What a search knows of a vertex from one side.
  struct Mark {
    double value;          // latency from its side's start (infinity: not reached)
    VertexIndex previous;  // the vertex it was labelled from
    std::uint32_t arc;     // by this arc of its side
  };
  // Both sides' marks of a vertex together: relaxing an arc reads both, from one line.
  struct alignas(32) Marks {
    Mark side[2];
  };
  // An arc from `from` into `to`, a dead end the other side started from (see start()),
  // in the direction of the side that checks it.
  struct Exit {
    VertexIndex from, to;
    std::uint32_t width;
    double latency_ms;
    LinkIndex link;
  };
  // What a search from a vertex to a flow's targets found: a route of at most `value`
  // (exact false), or the least latency (exact true; infinity: no route) and its route.
  struct Answer {
    double value = 0;
    bool exact = false;
    ProductRoute route;
  };
  // The question an Answer answers: from which vertex, to which targets (the placement's
  // span of a workload), over which widths, within which limit.
  struct Question {
    VertexIndex from;
    std::uint32_t rank;
    const NodeIndex* targets;
    std::size_t target_count;
    double limit;
    bool operator==(const Question& other) const {
      return from == other.from && rank == other.rank && targets == other.targets &&
             target_count == other.target_count && limit == other.limit;
    }
  };
  struct QuestionHash {
    std::size_t operator()(const Question& q) const;
  };
  // The answer for routes from `from` (inner numbering) over arcs of width rank >= `rank`
  // (rank_of the threshold), for a source that reaches `from` `offset` ms before:
  // searched with the limit, then, unless a route within limit - offset was found, on to
  // the least latency. Kept when the search was long.
  const Answer& answer(VertexIndex from, Span<NodeIndex> targets, std::uint32_t rank, double limit, double offset);
  // A search from vertex `source` (inner numbering) and from every state of the targets:
  // start() labels the ends, advance() runs it (with limit >= 0 until a route within the
  // limit is found or none can be, with limit < 0 until the least latency is certain) and
  // returns the least latency found so far, over arcs of width rank >= `rank`; it may be
  // advanced again, further. finish() resets the maps.
  void start(VertexIndex source, Span<NodeIndex> targets);
  double advance(std::uint32_t rank, double limit);
  void finish();
  ProductRoute trace(double least) const;
  void label(int side, VertexIndex v, double distance, VertexIndex from, std::uint32_t arc);
  // The least rank of the widths that carry `threshold`, and the bandwidth of a rank.
  std::uint32_t rank_of(double threshold) const;
  double width_of(std::uint32_t rank) const;
  const FlowSpace& space_;
  const std::vector<double>& widths_;        // the links' distinct finite bandwidths, ascending
  // The searches' own numbering of the graph's vertices (live ones first): inner_[v] for
  // vertex v of the graph, outer_[i] back. Every array below is indexed by it.
  std::vector<VertexIndex> inner_, outer_;
  std::vector<std::uint8_t> dead_end_;       // per vertex: all its arcs join one other vertex
  // Per side (0 from the source along edges, 1 from the targets against them): the arcs
  // of v are arcs_[start_[v], start_[v + 1]), those into live vertices before live_end_[v].
  std::vector<std::uint32_t> start_[2], live_end_[2];
  std::vector<Arc> arcs_[2];
  std::vector<LinkIndex> arc_link_[2];       // the link of each arc, read only for routes
  std::vector<Marks> marks_;
  std::vector<VertexIndex> touched_[2];
  RadixQueue queue_[2];                      // per side: (latency, vertex) to settle
  std::vector<std::pair<double, VertexIndex>> widest_queue_[2];  // widest(): binary max-heaps
  std::vector<VertexIndex> deferred_[2];     // labelled beyond the limit, not yet queued
  std::vector<Exit> exits_[2];               // per side: arcs it checks when it settles their tails
  std::vector<std::uint8_t> has_exit_[2];
  std::vector<double> width_[2];             // widest() labels: 0 unreached
  std::unordered_map<Question, Answer, QuestionHash> answers_;  // those that cost a long search
  // A bit per hash of each kept question, read before the map: most questions are of
  // short searches, never kept, and a bit is cheaper to read than the map.
  std::vector<std::uint64_t> kept_bits_ = std::vector<std::uint64_t>(1024);
  Answer fresh_;                             // the last answer not kept
  double best_ = 0;                          // the least latency of a route found so far
  std::uint64_t scanned_[2] = {0, 0};        // arcs each side of the current search has scanned
  std::uint64_t work_ = 0;
  VertexIndex meet_from_ = 0, meet_to_ = 0;  // the edge where the searches met
  LinkIndex meet_link_ = 0;
};

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
  std::vector<Exit> exits_[2];
  std::vector<std::uint8_t> has_exit_[2];
};

// Witness hops (link, node, label text) of a product route.
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

// Unmemoised searches over the implicit product graph, straight from the spec, used to
// check the memoised ones: whether (a, 0) reaches a target over links of bandwidth >=
// threshold, and the least latency when it does (infinity otherwise).
double reference_least_latency(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
                               const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets,
                               double threshold);

// Everything the flow rules derive from a model once: its graph, guard releases and
// data classes, and the distinct link bandwidths (a flow's min_bandwidth_mbps is
// rounded up to one of them, so flows that use the same links share searches).
struct FlowContext {
  explicit FlowContext(const Model& model);
  const Model& model;
  NetworkGraph network;
  GuardReleases guards;
  DataClasses classes;
  std::vector<double> widths;  // distinct finite link bandwidths, ascending
  mutable PlainPaths plain{model};

  // 0 for no bandwidth needed, else 1 + the index of the least width >= mbps (widths.size()
  // + 1 when only unlimited links carry it).
  std::uint32_t threshold_index(const Flow& flow) const;
  double threshold_value(std::uint32_t index) const;
  const DataClass& class_of(const Flow& flow) const { return classes.classes[classes.class_of[flow.data]]; }
};

// The findings of the flow rules, with their evidence. route_finding's BFS trees come
// from `plain` (one per thread), or from the context's.
Finding route_finding(const FlowContext& context, FlowIndex f, NodeIndex a);
Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a);
// `search` finds the widest route; without it, the reference widest_route does.
Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, LatencyCheck* search, FlowIndex f,
                          NodeIndex a);
// `route` is the fastest route that meets the flow's bandwidth.
Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route, FlowIndex f,
                        NodeIndex a);

// The verdict for one flow and source node, searched on its own (no memo): true and the
// finding in `out` when a flow rule fires. `space` is the flow's class's product graph.
bool check_flow_source(const FlowContext& context, const FlowSpace& space, FlowIndex f, NodeIndex a,
                       Finding& out, LatencyCheck* search = nullptr);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
