// Internal: the (node, label) product graph that the flow rules (spec §4.1) search, the
// data classes it is built for, and what the flow rules derive from a model once
// (FlowContext). Shared by check_flows and explain_flow. Not installed.
//
// A data class is what routing depends on for a data asset: its label, its owner (the
// releasable set of a guard release's `to` comes from it) and its residency. Each class
// has a few label states: state 0 is the data's own label, the others the labels guard
// releases give it. The product graph of a class has a vertex per (node, state) and an
// edge per way a link may be crossed with a label: directions and diodes, adequate
// transport on network and courier links, releases on guards, and the `holds` test at the
// node reached. A route is then a plain path in that graph from (a, 0).
#pragma once

#include <clearance/graph.hpp>
#include <clearance/model.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/properties.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

using StateIndex = std::uint32_t;
using VertexIndex = std::uint32_t;
inline constexpr std::uint32_t none = 0xFFFFFFFFu;
// A latency not reached (and an unlimited bandwidth).
inline constexpr double infinity = std::numeric_limits<double>::infinity();

inline bool contains_node(Span<NodeIndex> nodes, NodeIndex n) {
  for (NodeIndex m : nodes)
    if (m == n) return true;
  return false;
}

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
//
// The graph is implicit: a vertex's arcs are computed when asked, from the network's
// links, the class's release transitions and a bit per vertex for the `holds` test, in
// the order an explicit graph would list them (by link, then the unchanged label, then
// the releases in the guard's order). A class whose guards each release into many labels
// has as many label states as releases and an arc per (crossing, state, release), so an
// explicit graph cost several hundred bytes per (node, state); this costs a bit, and the
// searches' own arrays what they touch. Read-only after construction: the threads of
// check_flows share one per class.
class FlowSpace {
 public:
  // `widths`: the model's distinct finite link bandwidths, ascending (FlowContext::widths).
  // `listed_budget_bytes`: see listed().
  FlowSpace(const Model& model, const NetworkGraph& network, const GuardReleases& guards,
            const DataClass& data_class, const std::vector<double>& widths,
            std::size_t listed_budget_bytes = default_listed_budget_bytes);
  ~FlowSpace();
  FlowSpace(const FlowSpace&) = delete;
  FlowSpace& operator=(const FlowSpace&) = delete;

  std::uint32_t state_count() const { return state_count_; }
  VertexIndex vertex(NodeIndex n, StateIndex s) const { return n * state_count_ + s; }
  NodeIndex node_of(VertexIndex v) const { return v / state_count_; }
  StateIndex state_of(VertexIndex v) const { return v % state_count_; }
  std::size_t vertex_count() const { return std::size_t(node_count_) * state_count_; }
  const DataClass& data_class() const { return *data_class_; }
  // The distinct finite bandwidths of the model's links, ascending.
  const std::vector<double>& widths() const { return *widths_; }
  const Link& link(LinkIndex l) const { return (*links_)[l]; }
  std::size_t link_count() const { return links_->size(); }

  // Calls visit(w, l) for every arc v -> w, l the link crossed, in the graph's order.
  template <typename Visit>
  void for_each_out(VertexIndex v, Visit visit) const {
    if (!listed()) {
      for_each_implicit_out(v, visit);
      return;
    }
    for (std::uint32_t k = listed_start_[v], end = listed_start_[v + 1]; k < end; ++k)
      visit(listed_arcs_[k].to, listed_arcs_[k].link);
  }
  // A place in the arcs of a vertex, for searches that leave a vertex and come back to it.
  struct OutCursor {
    NodeIndex node;
    StateIndex state;
    std::uint32_t arc, arc_end;  // the network arcs of node still to cross (listed: its arcs)
    std::uint32_t release;       // none: the unchanged label is next, else the next release
  };
  // Whether the graph's arcs are listed (for_each_out and the cursors read the list), as
  // they are when the list surely fits in the constructor's `listed_budget_bytes` (8 bytes
  // an arc, counting one per (state, network arc) and per (state, guard release), and 4 a
  // vertex): every analysis of a class scans the whole graph several times (strong
  // components, the closure's rows, the latency search's arcs), and computing an arc of the
  // implicit graph costs several times reading it. Listed or not, the arcs are the same,
  // in the same order.
  static constexpr std::size_t default_listed_budget_bytes = std::size_t(32) << 20;
  bool listed() const { return !listed_start_.empty(); }
  OutCursor out_cursor(VertexIndex v) const;
  // The next arc of the cursor's vertex into w over link l; false when there is none.
  bool next_out(OutCursor& cursor, VertexIndex& w, LinkIndex& l) const;

  // Calls visit(u, l) for every arc u -> v, l the link crossed, in the order in which a
  // listing of every vertex's for_each_out (by u, then u's own order) meets them: the arcs
  // into v without a reverse graph kept. Arcs into a state a guard releases come from
  // every state of the node behind it whose label the release's `from` covers, so listing
  // those reads each state of that node once.
  template <typename Visit>
  void for_each_in(VertexIndex v, Visit visit) const;

  // The same graph, explicit, with each edge's link, latency and bandwidth: built on the
  // first call (thread-safe), for analyses that run Boost.Graph algorithms on it
  // (exposure) and for the tests. The flow rules never ask for it.
  const ProductGraph& graph() const;

 private:
  bool holds(VertexIndex v) const { return (holds_[v / 64] >> (v % 64)) & 1u; }
  bool adequate(LinkIndex l, StateIndex s) const { return (adequate_[std::size_t(l) * level_words_ + level_rank_[s] / 64] >> (level_rank_[s] % 64)) & 1u; }
  const DataClass* data_class_;
  const NetworkGraph* network_;
  const GuardReleases* guards_;
  const std::vector<Link>* links_;
  std::uint32_t state_count_;
  std::uint32_t node_count_;
  const std::vector<double>* widths_;
  std::vector<std::uint64_t> holds_;          // per vertex: its node may receive its state (spec §3)
  std::vector<std::uint32_t> level_rank_;     // per state: the rank of its level among the class's levels
  std::size_t level_words_ = 0;
  std::vector<std::uint64_t> adequate_;       // per (link, level rank): the link may carry it (non-transport: yes)
  std::vector<std::uint8_t> is_guard_;        // per link
  // The network's arcs: those of node n are [arc_start_[n], arc_start_[n + 1]).
  std::vector<std::uint32_t> arc_start_;
  std::vector<NodeIndex> arc_to_;
  std::vector<LinkIndex> arc_link_;
  // The same arcs by the node they enter: those into n are [in_start_[n], in_start_[n + 1]),
  // each an index into arc_to_ and arc_link_ with its tail in in_from_, by tail then index.
  std::vector<std::uint32_t> in_start_, in_arc_;
  std::vector<NodeIndex> in_from_;
  // Whether guard link l has a release into state t of the class.
  bool releases_into(LinkIndex l, StateIndex t) const {
    for (std::uint32_t r = guards_->first[l]; r < guards_->first[l + 1]; ++r)
      if (data_class_->release_state[r] == t) return true;
    return false;
  }
  // Whether crossing guard l in state s may give state t != s: a release into t covers s.
  bool releases_from(LinkIndex l, StateIndex s, StateIndex t) const {
    const Label& label = data_class_->labels[s];
    for (std::uint32_t r = guards_->first[l]; r < guards_->first[l + 1]; ++r)
      if (data_class_->release_state[r] == t && covers(guards_->from[r], label)) return true;
    return false;
  }
  // Per release: the release before it on the same guard with the same resulting state
  // (none: none), so that a state reached by two releases is one arc, from the first.
  std::vector<std::uint32_t> same_state_before_;
  // The arcs of v computed from the network, the releases and the holding bits, in the
  // order next_out's cursor gives them, without a cursor between arcs (cheaper when a
  // vertex's arcs are wanted whole).
  template <typename Visit>
  void for_each_implicit_out(VertexIndex v, Visit visit) const;
  // Listed (see listed()): the arcs of v are listed_arcs_[listed_start_[v], listed_start_[v + 1]).
  struct ListedArc {
    VertexIndex to;
    LinkIndex link;
  };
  std::vector<std::uint32_t> listed_start_;
  std::vector<ListedArc> listed_arcs_;
  void list_arcs(std::size_t budget_bytes);
  struct Explicit;
  mutable std::unique_ptr<Explicit> explicit_;
  mutable std::once_flag explicit_once_;
};

inline FlowSpace::OutCursor FlowSpace::out_cursor(VertexIndex v) const {
  if (listed()) return OutCursor{0, 0, listed_start_[v], listed_start_[v + 1], none};
  const NodeIndex n = node_of(v);
  return OutCursor{n, state_of(v), arc_start_[n], arc_start_[n + 1], none};
}

inline bool FlowSpace::next_out(OutCursor& cursor, VertexIndex& w, LinkIndex& l) const {
  if (listed()) {
    if (cursor.arc == cursor.arc_end) return false;
    w = listed_arcs_[cursor.arc].to;
    l = listed_arcs_[cursor.arc].link;
    ++cursor.arc;
    return true;
  }
  const DataClass& data_class = *data_class_;
  const GuardReleases& guards = *guards_;
  const StateIndex s = cursor.state;
  for (; cursor.arc < cursor.arc_end; ++cursor.arc, cursor.release = none) {
    const NodeIndex to = arc_to_[cursor.arc];
    const LinkIndex link = arc_link_[cursor.arc];
    if (cursor.release == none) {
      // The label unchanged: across a guard always, across a carrier when it is adequate.
      cursor.release = is_guard_[link] ? guards.first[link] : guards.first[link + 1];
      if ((is_guard_[link] || adequate(link, s)) && holds(vertex(to, s))) {
        w = vertex(to, s);
        l = link;
        return true;
      }
    }
    // The releases of a guard whose `from` covers the label, each resulting state once.
    const Label& label = data_class.labels[s];
    for (const std::uint32_t end = guards.first[link + 1]; cursor.release < end;) {
      const std::uint32_t r = cursor.release++;
      const StateIndex t = data_class.release_state[r];
      if (t == s || !covers(guards.from[r], label)) continue;
      bool repeated = false;
      for (std::uint32_t q = same_state_before_[r]; q != none && !repeated; q = same_state_before_[q])
        repeated = covers(guards.from[q], label);
      if (repeated || !holds(vertex(to, t))) continue;
      w = vertex(to, t);
      l = link;
      return true;
    }
  }
  return false;
}

template <typename Visit>
void FlowSpace::for_each_implicit_out(VertexIndex v, Visit visit) const {
  const DataClass& data_class = *data_class_;
  const GuardReleases& guards = *guards_;
  const NodeIndex n = node_of(v);
  const StateIndex s = state_of(v);
  const Label& label = data_class.labels[s];
  for (std::uint32_t arc = arc_start_[n], arc_end = arc_start_[n + 1]; arc < arc_end; ++arc) {
    const NodeIndex to = arc_to_[arc];
    const LinkIndex link = arc_link_[arc];
    if (!is_guard_[link]) {
      if (adequate(link, s) && holds(vertex(to, s))) visit(vertex(to, s), link);
      continue;
    }
    if (holds(vertex(to, s))) visit(vertex(to, s), link);
    for (std::uint32_t r = guards.first[link], end = guards.first[link + 1]; r < end; ++r) {
      const StateIndex t = data_class.release_state[r];
      if (t == s || !covers(guards.from[r], label)) continue;
      bool repeated = false;
      for (std::uint32_t q = same_state_before_[r]; q != none && !repeated; q = same_state_before_[q])
        repeated = covers(guards.from[q], label);
      if (!repeated && holds(vertex(to, t))) visit(vertex(to, t), link);
    }
  }
}

template <typename Visit>
void FlowSpace::for_each_in(VertexIndex v, Visit visit) const {
  // Every arc into (n, t) needs n to hold t; an arc from (u, s) over link l is the label
  // unchanged (s == t: a guard, or a carrier adequate for t) or a release of guard l into
  // t that covers s. Arcs from one tail node come in its states' order, and for one state
  // in the tail's network order, as for_each_out lists them.
  if (!holds(v)) return;
  const NodeIndex n = node_of(v);
  const StateIndex t = state_of(v);
  const std::uint32_t end = in_start_[n + 1];
  for (std::uint32_t first = in_start_[n], last; first < end; first = last) {
    const NodeIndex u = in_from_[first];
    bool releases = false;
    for (last = first; last < end && in_from_[last] == u; ++last) {
      const LinkIndex l = arc_link_[in_arc_[last]];
      releases = releases || (is_guard_[l] && releases_into(l, t));
    }
    if (!releases) {  // only the label unchanged
      for (std::uint32_t k = first; k < last; ++k) {
        const LinkIndex l = arc_link_[in_arc_[k]];
        if (is_guard_[l] || adequate(l, t)) visit(vertex(u, t), l);
      }
      continue;
    }
    for (StateIndex s = 0; s < state_count_; ++s)
      for (std::uint32_t k = first; k < last; ++k) {
        const LinkIndex l = arc_link_[in_arc_[k]];
        if (s == t ? is_guard_[l] || adequate(l, t) : is_guard_[l] && releases_from(l, s, t)) visit(vertex(u, s), l);
      }
  }
}

// A route found in a product graph: vertices from the source, and the links between.
struct ProductRoute {
  std::vector<VertexIndex> vertices;  // empty when there is none
  std::vector<LinkIndex> links;       // links[i] is crossed to reach vertices[i + 1]
  double figure = 0;                  // total latency, or bottleneck bandwidth
};

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

  // 0 for no bandwidth needed, else 1 + the index of the least width >= mbps (widths.size()
  // + 1 when only unlimited links carry it).
  std::uint32_t threshold_index(const Flow& flow) const;
  double threshold_value(std::uint32_t index) const;
  const DataClass& class_of(const Flow& flow) const { return classes.classes[classes.class_of[flow.data]]; }
};

// The most (node, label) states a class's search can number, whatever a limit says:
// vertices are numbered in 32 bits, and the strong components keep a flag in the top one.
inline constexpr std::uint64_t max_searchable_states = (std::uint64_t{1} << 31) - 1;

// The bound on label states (FlowCheckOptions::max_label_states, docs/limits.md) that every
// analysis over product graphs asks before it builds one: throws error (input, at the
// data's pointer) when a search class c with asked[c] has more (node, label) states than
// `limit`, naming the data and the guards whose releases multiply its labels, instead of
// running out of memory.
void check_label_states(const FlowContext& context, const std::vector<std::uint8_t>& asked, std::uint64_t limit);
// The same for the search classes of the flows whose workloads are both placed.
void check_label_states(const FlowContext& context, std::uint64_t limit);
// For an analysis (`what`: "resilience", ...) that ran out of memory over the product graphs
// of `context`'s classes below the limit (std::bad_alloc): throws error (input, at the data's
// pointer) naming the class with the most (node, label) states and the limit that would
// have stopped it before anything was built, instead of "internal: std::bad_alloc".
[[noreturn]] void throw_out_of_memory(const FlowContext& context, const std::string& what);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
