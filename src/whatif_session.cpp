// The prepared what-if (whatif_session.hpp). A failure only removes: nodes with their
// links and replicas, and links. So a finding of the whole check can change only where
// what it was judged on lost something:
// - the per-workload rules read a workload's nodes: only workloads with a replica on a
//   down node are checked again;
// - capacity, node.impact-level and the link rules read one node or link: their findings
//   stay, less those keyed on a removed element;
// - the flow rules read the product graph of the flow's data class and the nodes of its
//   target. With elements down that graph only loses the arcs over removed links (a
//   guard's releases that go with it only leave states nothing reaches any more), so:
//   * a failing pair stays failing (routes are only lost). A flow.bandwidth or
//     flow.latency finding whose route survives keeps its rule and figure; only one whose
//     route lost an element is searched again (it may become flow.bandwidth or
//     flow.route);
//   * a working pair breaks only if every route that met its limits crossed a removed
//     arc. Where a route crosses removed arcs it runs through a passage: it enters the
//     removed arcs at a vertex p and leaves them at a vertex q (p reached by an arc that
//     stays, q left by one). When every passage has a detour p -> q over the arcs that
//     stay, wide enough for the flow's bandwidth, a route that met the flow's bandwidth
//     still does, and only the pairs whose own source or target nodes lost a link are
//     searched again. A pair with a latency limit may be slowed by any passage: it is
//     searched again when a route through the removed arcs could meet its limit at all
//     (the least latency from its source to an entry, over the arcs that stay, plus the
//     least latency of a removed arc, plus the least latency from an exit to its
//     targets, is within the limit).
//   A working pair whose route an earlier scenario or the whole check's latency search
//   found (its witness, over links that were all up) is not searched while the scenario
//   leaves that route whole. Pairs
//   searched again are answered by one search per (class, source, bandwidth) over the
//   class's product graph less the removed arcs, or, for a session used once with many
//   such pairs, by the flow engine in bulk on the model with the elements down.
// The findings a scenario adds are then made by the flow rules themselves on the model
// with the elements down (check_flow_source, route_finding, check_some_flows), so their
// evidence and messages are check_down()'s.
#include <clearance/whatif_session.hpp>

#include <clearance/error.hpp>

#include "check_parts.hpp"
#include "flow_findings.hpp"
#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"
#include "radix_queue.hpp"
#include "whatif_down.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace clearance {
inline namespace v1 {

namespace {

using detail::DownModel;
using detail::FlowContext;
using detail::FlowSpace;
using detail::StateIndex;
using detail::VertexIndex;

using Bits = std::vector<std::uint64_t>;
inline bool test(const Bits& bits, std::size_t i) { return (bits[i / 64] >> (i % 64)) & 1u; }
inline void set(Bits& bits, std::size_t i) { bits[i / 64] |= std::uint64_t{1} << (i % 64); }

constexpr double unreached = std::numeric_limits<double>::infinity();
constexpr int no_rule = -1;  // a pair's verdict when no flow rule fires

bool is_per_workload(RuleId rule) { return rule <= RuleId::availability_zones; }
bool is_flow_rule(RuleId rule) { return rule >= RuleId::flow_route; }
std::uint64_t pair_key(FlowIndex f, NodeIndex a) { return std::uint64_t{f} << 32 | a; }

// The product graph of one data class both ways, each arc with its link (what a failure
// removes): FlowSpace's own arcs, made explicit once so that the searches of many
// scenarios read arrays.
struct ClassGraph {
  std::uint32_t states = 1;
  std::uint32_t vertex_count = 0;
  // Side 0: the arcs out of v, side 1: the arcs into v; other[side][i] the other end.
  std::vector<std::uint32_t> start[2];
  std::vector<VertexIndex> other[2];
  std::vector<LinkIndex> link[2];

  explicit ClassGraph(const FlowSpace& space)
      : states(space.state_count()), vertex_count(static_cast<std::uint32_t>(space.vertex_count())) {
    start[0].assign(std::size_t(vertex_count) + 1, 0);
    for (VertexIndex v = 0; v < vertex_count; ++v) {
      space.for_each_out(v, [&](VertexIndex w, LinkIndex l) {
        other[0].push_back(w);
        link[0].push_back(l);
      });
      start[0][v + 1] = static_cast<std::uint32_t>(other[0].size());
    }
    start[1].assign(std::size_t(vertex_count) + 1, 0);
    for (VertexIndex w : other[0]) ++start[1][w + 1];
    for (std::size_t v = 0; v < vertex_count; ++v) start[1][v + 1] += start[1][v];
    other[1].resize(other[0].size());
    link[1].resize(other[0].size());
    std::vector<std::uint32_t> next(start[1].begin(), start[1].end() - 1);
    for (VertexIndex v = 0; v < vertex_count; ++v)
      for (std::uint32_t i = start[0][v]; i < start[0][v + 1]; ++i) {
        const std::uint32_t slot = next[other[0][i]]++;
        other[1][slot] = v;
        link[1][slot] = link[0][i];
      }
  }
};

// Searches of one call over class graphs less the removed links. Arrays are sized once
// per call and only what a search touched is reset.
class Searcher {
 public:
  Searcher(const Model& model, const Bits& removed, std::size_t max_vertices)
      : links_(model.links()), removed_(removed), vertex_(max_vertices, unreached),
        node_(model.nodes().size(), unreached), wanted_(model.nodes().size(), 0), mark_(max_vertices, 0),
        parent_(max_vertices),
        previous_(max_vertices), node_vertex_(model.nodes().size(), 0) {}

  // Least latency from `sources` (side 0: along arcs, side 1: against them) over the arcs
  // that stay whose link carries `threshold`; stops once every node of `wanted` is
  // settled (none given: when the queue is empty) or the distance passes `bound`.
  void least_latency(const ClassGraph& graph, int side, const std::vector<VertexIndex>& sources, double threshold,
                     double bound, const std::vector<NodeIndex>& wanted) {
    reset();
    std::size_t left = 0;
    for (NodeIndex n : wanted)
      if (!wanted_[n]) {
        wanted_[n] = 1;
        ++left;
      }
    queue_.clear();
    for (VertexIndex s : sources) {
      if (vertex_[s] == 0) continue;
      touch(s);
      vertex_[s] = 0;
      previous_[s] = {detail::none, 0};
      queue_.push(0, s);
    }
    const bool stop_early = left > 0;
    while (!queue_.empty()) {
      const auto [d, v] = queue_.pop();
      if (d > vertex_[v]) continue;
      if (d > bound) break;
      const NodeIndex n = v / graph.states;
      if (node_[n] == unreached) {
        node_[n] = d;
        node_vertex_[n] = v;
        touched_nodes_.push_back(n);
        if (wanted_[n] && --left == 0 && stop_early) break;
      }
      for (std::uint32_t i = graph.start[side][v]; i < graph.start[side][v + 1]; ++i) {
        const LinkIndex l = graph.link[side][i];
        if (test(removed_, l)) continue;
        const Link& link = links_[l];
        if (link.bandwidth_mbps < threshold) continue;
        const VertexIndex w = graph.other[side][i];
        const double through = d + link.latency_ms;
        if (through < vertex_[w]) {
          if (vertex_[w] == unreached) touch(w);
          vertex_[w] = through;
          previous_[w] = {v, l};
          queue_.push(through, w);
        }
      }
    }
    queue_.clear();
    for (NodeIndex n : wanted) wanted_[n] = 0;
  }

  // Whether `source` reaches every vertex of `wanted` over the arcs that stay whose link
  // carries `threshold` (breadth-first, until the last is found).
  bool reaches_all(const ClassGraph& graph, VertexIndex source, const std::vector<VertexIndex>& wanted,
                   double threshold) {
    clear_marks();
    std::size_t left = 0;
    for (VertexIndex v : wanted)
      if (mark_[v] == 0) {
        mark_[v] = 3;
        marked_.push_back(v);
        ++left;
      }
    if (mark_[source] == 3) --left;
    mark_[source] = 1;
    marked_.push_back(source);
    frontier_[0].assign(1, source);
    while (left > 0 && !frontier_[0].empty()) {
      next_.clear();
      for (VertexIndex v : frontier_[0])
        for (std::uint32_t i = graph.start[0][v]; i < graph.start[0][v + 1]; ++i) {
          const LinkIndex l = graph.link[0][i];
          if (test(removed_, l) || links_[l].bandwidth_mbps < threshold) continue;
          const VertexIndex w = graph.other[0][i];
          if (mark_[w] == 1) continue;
          if (mark_[w] == 3) --left;
          else marked_.push_back(w);
          mark_[w] = 1;
          next_.push_back(w);
        }
      frontier_[0].swap(next_);
    }
    return left == 0;
  }

  // Whether a route from `source` reaches a state of a node of `targets` over the arcs
  // that stay whose link carries `threshold`: a breadth-first search from each end, the
  // smaller frontier first, so that a source or target cut off alone costs its own few
  // vertices, not the estate.
  // With `route`, the links of the route found (in no particular order) go there.
  bool reaches(const ClassGraph& graph, VertexIndex source, const std::vector<NodeIndex>& targets, double threshold,
               std::vector<LinkIndex>* route = nullptr) {
    clear_marks();
    frontier_[0].assign(1, source);
    mark_[source] = 1;
    parent_[source] = {detail::none, 0};
    marked_.push_back(source);
    frontier_[1].clear();
    for (NodeIndex t : targets)
      for (StateIndex st = 0; st < graph.states; ++st) {
        const VertexIndex v = t * graph.states + st;
        if (mark_[v] == 1) {
          if (route != nullptr) route->clear();  // the source is a target: the empty route
          return true;
        }
        if (mark_[v] == 2) continue;
        mark_[v] = 2;
        parent_[v] = {detail::none, 0};
        marked_.push_back(v);
        frontier_[1].push_back(v);
      }
    while (!frontier_[0].empty() && !frontier_[1].empty()) {
      const int side = frontier_[0].size() <= frontier_[1].size() ? 0 : 1;
      const std::uint8_t own = static_cast<std::uint8_t>(side + 1);
      next_.clear();
      for (VertexIndex v : frontier_[side])
        for (std::uint32_t i = graph.start[side][v]; i < graph.start[side][v + 1]; ++i) {
          const LinkIndex l = graph.link[side][i];
          if (test(removed_, l) || links_[l].bandwidth_mbps < threshold) continue;
          const VertexIndex w = graph.other[side][i];
          if (mark_[w] == own) continue;
          if (mark_[w] != 0) {  // the other side's: the searches meet on this arc
            if (route != nullptr) {
              route->assign(1, l);
              for (VertexIndex u : {v, w})
                for (VertexIndex x = u; parent_[x].first != detail::none; x = parent_[x].first)
                  route->push_back(parent_[x].second);
            }
            return true;
          }
          mark_[w] = own;
          parent_[w] = {v, l};
          marked_.push_back(w);
          next_.push_back(w);
        }
      frontier_[side].swap(next_);
    }
    return false;
  }

  // After least_latency, for a node it settled: the links of the fastest route to it.
  void route_to(NodeIndex n, std::vector<LinkIndex>& links) const {
    links.clear();
    for (VertexIndex v = node_vertex_[n]; previous_[v].first != detail::none; v = previous_[v].first)
      links.push_back(previous_[v].second);
  }

  // After least_latency: the least latency to vertex v / to any state of node n.
  double vertex(VertexIndex v) const { return vertex_[v]; }
  double node(NodeIndex n) const { return node_[n]; }

 private:
  void touch(VertexIndex v) { touched_.push_back(v); }
  void clear_marks() {
    for (VertexIndex v : marked_) mark_[v] = 0;
    marked_.clear();
  }
  void reset() {
    for (VertexIndex v : touched_) vertex_[v] = unreached;
    for (NodeIndex n : touched_nodes_) node_[n] = unreached;
    touched_.clear();
    touched_nodes_.clear();
  }
  const std::vector<Link>& links_;
  const Bits& removed_;
  std::vector<double> vertex_;
  std::vector<double> node_;
  std::vector<std::uint8_t> wanted_;
  std::vector<VertexIndex> touched_;
  std::vector<NodeIndex> touched_nodes_;
  detail::RadixQueue queue_;                           // least_latency()
  std::vector<std::uint8_t> mark_;  // reaches(): 1 from the source, 2 from the targets
  std::vector<std::pair<VertexIndex, LinkIndex>> parent_;  // reaches(): the vertex and link each was reached from
  std::vector<VertexIndex> marked_, frontier_[2], next_;
  std::vector<std::pair<VertexIndex, LinkIndex>> previous_;  // least_latency(): the arc each was labelled by
  std::vector<VertexIndex> node_vertex_;                     // least_latency(): the state each node was settled in
};

// A (flow, source) pair whose verdict a scenario decides again: before and after are a
// flow rule (as an int) or no_rule.
struct Change {
  FlowIndex flow;
  NodeIndex node;
  int before;
  int after;
};

// The flow findings of the model with elements down made by the flow rules themselves,
// one pair at a time (check_flow_source), for the findings a scenario changes.
class DownFlows {
 public:
  explicit DownFlows(const Model& down) : context_(down), plain_(down) {}
  bool finding(FlowIndex f, NodeIndex a, Finding& out) {
    const Flow& flow = context_.model.flows()[f];
    const std::uint32_t c = context_.classes.search_of[context_.classes.class_of[flow.data]];
    auto found = searches_.find(c);
    if (found == searches_.end()) {
      Search search;
      search.space = std::make_unique<FlowSpace>(context_.model, context_.network, context_.guards,
                                                 context_.classes.classes[c], context_.widths);
      search.latency = std::make_unique<detail::LatencyCheck>(*search.space);
      found = searches_.emplace(c, std::move(search)).first;
    }
    return detail::check_flow_source(context_, *found->second.space, *found->second.latency, plain_, f, a, out);
  }
  Finding route(FlowIndex f, NodeIndex a) { return detail::route_finding(context_, plain_, f, a); }

 private:
  struct Search {
    std::unique_ptr<FlowSpace> space;
    std::unique_ptr<detail::LatencyCheck> latency;
  };
  FlowContext context_;
  detail::PlainPaths plain_;
  std::unordered_map<std::uint32_t, Search> searches_;
};

}  // namespace

struct WhatIfSession::State {
  const Model* model = nullptr;
  CheckOptions options;
  std::vector<Finding> raw;  // the rules' findings of the whole model, sorted, before waivers
  // Without waivers and min_severity the whole report's findings are raw's: kept once.
  bool raw_is_whole = false;
  const std::vector<Finding>& raw_findings() const { return raw_is_whole ? whole.findings : raw; }
  Report whole;
  std::shared_ptr<const FlowContext> context;  // of the whole model
  // Per search class: its product graph, the flow rules' own or made when first needed.
  mutable std::vector<std::shared_ptr<const FlowSpace>> spaces;
  std::unique_ptr<std::once_flag[]> space_once;
  const FlowSpace& space(std::uint32_t c) const {
    std::call_once(space_once[c], [&] {
      if (!spaces[c])
        spaces[c] = std::make_shared<const FlowSpace>(*model, context->network, context->guards,
                                                      context->classes.classes[c], context->widths);
    });
    return *spaces[c];
  }

  // Per flow: its target workload, the class it is searched in, its bandwidth (0: none)
  // and latency limit; per workload, the flows to it (CSR: flows_into[into_begin[w] ...]).
  std::vector<WorkloadIndex> flow_to;
  std::vector<std::uint32_t> into_begin;
  std::vector<FlowIndex> flows_into;
  std::vector<std::uint32_t> flow_class;
  std::vector<double> flow_threshold;
  std::vector<double> flow_limit;
  // Per searched class: its flows (CSR), and its product graph, made when first needed.
  std::vector<std::uint32_t> class_begin;
  std::vector<FlowIndex> class_flows;
  std::vector<std::uint32_t> searched;  // the classes some flow is searched in
  std::unique_ptr<std::once_flag[]> graph_once;
  mutable std::vector<std::unique_ptr<const ClassGraph>> graphs;
  std::size_t max_vertices = 0;
  // What a class's flows ask of its routes, to tell which a passage may break.
  struct ClassSummary {
    std::uint32_t latency_flows = 0;  // with a latency limit
    std::uint32_t plain_flows = 0;    // with neither limit
    double widest_threshold = 0;      // the largest bandwidth a flow without latency limit needs
    double largest_limit = 0;         // the largest latency limit
  };
  std::vector<ClassSummary> class_summary;
  // Per (class, node): the working pairs from the node, the flows to a workload on it,
  // as (class << 32 | node, value) sorted.
  using Keyed = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
  Keyed pairs_from, flows_to;
  // Sorts a Keyed list made in increasing value order, as std::sort would (by key, then
  // value), in linear time: a stable counting pass by node, then one by class. Sorting
  // by comparison cost 0.06 G instructions on the 100k-workload estate, half as much as
  // a scenario with one link down.
  static void sort_keyed(Keyed& list, std::size_t nodes, std::size_t classes) {
    Keyed by_node(list.size());
    auto pass = [](const Keyed& from, Keyed& to, std::size_t buckets, auto bucket) {
      std::vector<std::uint32_t> start(buckets + 1, 0);
      for (const auto& entry : from) ++start[bucket(entry.first) + 1];
      for (std::size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
      for (const auto& entry : from) to[start[bucket(entry.first)]++] = entry;
    };
    pass(list, by_node, nodes, [](std::uint64_t key) { return static_cast<std::size_t>(key & 0xFFFFFFFFu); });
    pass(by_node, list, classes, [](std::uint64_t key) { return static_cast<std::size_t>(key >> 32); });
  }
  template <typename Visit>
  static void lookup(const Keyed& list, std::uint32_t c, NodeIndex n, Visit visit) {
    const std::uint64_t key = std::uint64_t{c} << 32 | n;
    auto it = std::lower_bound(list.begin(), list.end(), std::make_pair(key, std::uint32_t{0}));
    for (; it != list.end() && it->first == key; ++it) visit(it->second);
  }
  const ClassGraph& graph(std::uint32_t c) const {
    std::call_once(graph_once[c], [&] { graphs[c] = std::make_unique<const ClassGraph>(space(c)); });
    return *graphs[c];
  }

  // The workloads placed on each node (CSR: workloads_on[on_begin[n], on_begin[n + 1])).
  std::vector<std::uint32_t> on_begin;
  std::vector<WorkloadIndex> workloads_on;
  // Per workload: its per-workload findings in raw (CSR, indices into raw).
  std::vector<std::uint32_t> workload_begin;
  std::vector<std::uint32_t> workload_findings;
  std::vector<FlowSource> working;
  std::vector<std::uint32_t> working_begin;  // per flow: its pairs working[begin[f], begin[f + 1])
  // Per flow: its flow findings in raw (CSR, indices into raw), in node order.
  std::vector<std::uint32_t> failing_begin;
  std::vector<std::uint32_t> failing;

  // Per working pair: the links of a route that met its limits, found by an earlier
  // scenario's search over links that were all up (so a route of the whole model too);
  // empty: none known. While none of its links is down the pair works (idea of a witness:
  // it spares the pair's search in every later scenario that leaves it whole).
  mutable std::mutex witness_mutex;
  mutable std::vector<std::vector<LinkIndex>> witness;
  // The witnesses the whole check's latency searches found (detail::FlowWitnesses), and
  // per working pair the one that is its witness while witness[i] is empty (none: none).
  detail::FlowWitnesses first_witnesses;
  std::vector<std::uint32_t> first_witness;
  // Per working pair: a bit (link % 64) per link of its witness, 0 when it has none, so
  // that most lookups need neither the lock nor the list.
  std::unique_ptr<std::atomic<std::uint64_t>[]> witness_bits;
  static std::uint64_t bits_of(const std::vector<LinkIndex>& links) {
    std::uint64_t bits = 0;
    for (LinkIndex l : links) bits |= std::uint64_t{1} << (l % 64);
    return bits;
  }
  std::uint32_t working_index(FlowIndex f, NodeIndex a) const {
    for (std::uint32_t i = working_begin[f]; i < working_begin[f + 1]; ++i)
      if (working[i].node == a) return i;
    return detail::none;
  }
  // Keeps `route` (links of a route over links that are all up) as the pair's witness.
  void remember(FlowIndex f, NodeIndex a, const std::vector<LinkIndex>& route) const {
    const std::uint32_t i = working_index(f, a);
    std::lock_guard<std::mutex> lock(witness_mutex);
    witness[i] = route;
    witness_bits[i].store(bits_of(route), std::memory_order_release);
  }
  // Whether working pair i has a known route that avoids every removed link.
  bool witness_survives(std::uint32_t i, const Bits& removed, std::uint64_t removed_bits) const {
    const std::uint64_t bits = witness_bits[i].load(std::memory_order_acquire);
    if (bits == 0) return false;
    if ((bits & removed_bits) == 0) return true;
    std::lock_guard<std::mutex> lock(witness_mutex);
    if (witness[i].empty()) {
      const std::uint32_t k = first_witness[i];
      for (std::uint32_t j = first_witnesses.start[k]; j < first_witnesses.start[k + 1]; ++j)
        if (test(removed, first_witnesses.links[j])) return false;
      return true;
    }
    for (LinkIndex l : witness[i])
      if (test(removed, l)) return false;
    return true;
  }

  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<DownModel>> pool;

  // A DownModel for one call, from the pool (or a new copy of the model), given back after.
  class Lease {
   public:
    explicit Lease(const State& state) : state_(state) {
      {
        std::lock_guard<std::mutex> lock(state_.pool_mutex);
        if (!state_.pool.empty()) {
          down_ = std::move(state_.pool.back());
          state_.pool.pop_back();
        }
      }
      if (!down_) down_ = std::make_unique<DownModel>(*state_.model);
    }
    ~Lease() {
      std::lock_guard<std::mutex> lock(state_.pool_mutex);
      state_.pool.push_back(std::move(down_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    DownModel& get() { return *down_; }

   private:
    const State& state_;
    std::unique_ptr<DownModel> down_;
  };

  // What a scenario removes and what it decides again.
  struct Scenario {
    Bits link_removed;  // per link of the model, the links of down nodes included
    std::vector<unsigned char> node_down;
    std::vector<WorkloadIndex> touched;  // workloads with a replica on a down node, sorted
    std::vector<unsigned char> workload_touched;
    std::vector<unsigned char> flow_unplaced;  // its target is left with no node
    std::vector<Change> changes;               // sorted by flow, then node
    std::vector<FlowSource> reexplain;         // flow.route findings whose evidence may change
    // decide_by_engine(): the findings of the changes that get one, made by the flow
    // engine on the model with the elements down (indexing the whole model's links).
    bool by_engine = false;
    std::vector<Finding> engine;
    bool is_down(NodeIndex n) const { return node_down[n] != 0; }
  };
  Scenario scenario(const Elements& down) const;
  void decide(Scenario& s, std::vector<Change>& candidates) const;
  void decide_by_engine(const Elements& down, Scenario& s, std::vector<Change>& candidates) const;
  // A session made for one scenario (whatif()): many pairs to decide are better decided
  // by the flow engine in bulk than one search each, as no later scenario reuses witnesses.
  bool one_shot = false;
  bool path_hit(const Finding& finding, const Scenario& s) const;
  // The placement without the scenario's down nodes (spec §1), as DownModel makes it.
  Placement placement_without(const Scenario& s) const;
  // With `consume`, the carried findings are moved out of raw (a session used once). The
  // findings carried over come first, in raw's order, then those made again; with
  // `dropped`, the indices into raw of the findings not carried are appended to it, and
  // *carried is the count of those carried.
  std::vector<Finding> findings_down(const Elements& down, const Scenario& s, bool consume = false,
                                     std::vector<std::uint32_t>* dropped = nullptr,
                                     std::size_t* carried = nullptr) const;
  Report check_down(const Elements& down, bool consume) const;
  WhatIf run(const Elements& down, bool consume) const;
  WhatIf run_once(const Elements& down) const;
};

Placement WhatIfSession::State::placement_without(const Scenario& s) const {
  return detail::placement_without(model->placement(), s.node_down);
}

bool WhatIfSession::State::path_hit(const Finding& finding, const Scenario& s) const {
  return std::any_of(finding.path.begin(), finding.path.end(), [&](const Hop& hop) {
    return (hop.link != no_key && test(s.link_removed, hop.link)) || (hop.node != no_key && s.is_down(hop.node));
  });
}

WhatIfSession::State::Scenario WhatIfSession::State::scenario(const Elements& down) const {
  const Model& m = *model;
  const Placement& placement = m.placement();
  Scenario s;
  s.link_removed.assign((m.links().size() + 63) / 64, 0);
  s.node_down.assign(m.nodes().size(), 0);
  for (NodeIndex n : down.nodes) s.node_down[n] = 1;
  std::vector<LinkIndex> removed;
  // Nodes at an end of a removed link: a route that starts or ends there may have used it.
  std::vector<unsigned char> near(m.nodes().size(), 0);
  std::vector<NodeIndex> near_nodes;
  std::uint64_t removed_bits = 0;  // a bit (link % 64) per removed link
  for (LinkIndex l = 0; l < m.links().size(); ++l) {
    const Link& link = m.links()[l];
    if (s.node_down[link.from] || s.node_down[link.to] || std::binary_search(down.links.begin(), down.links.end(), l)) {
      set(s.link_removed, l);
      removed.push_back(l);
      removed_bits |= std::uint64_t{1} << (l % 64);
      for (NodeIndex n : {link.from, link.to})
        if (!near[n]) {
          near[n] = 1;
          near_nodes.push_back(n);
        }
    }
  }
  s.workload_touched.assign(m.workloads().size(), 0);
  for (NodeIndex n : down.nodes)
    for (std::uint32_t i = on_begin[n]; i < on_begin[n + 1]; ++i)
      if (!s.workload_touched[workloads_on[i]]) {
        s.workload_touched[workloads_on[i]] = 1;
        s.touched.push_back(workloads_on[i]);
      }
  std::sort(s.touched.begin(), s.touched.end());
  s.flow_unplaced.assign(m.flows().size(), 0);

  std::vector<Change> candidates;
  auto failing_rule = [&](std::uint32_t i) { return static_cast<int>(raw_findings()[failing[i]].rule); };

  // Flows whose target lost a node: every pair is decided again (a route may have ended
  // on the lost node); flow.route stays, with another list of nodes in its message.
  std::vector<unsigned char> target_changed(m.flows().size(), 0);
  for (WorkloadIndex w : s.touched)
    for (std::uint32_t k = into_begin[w]; k < into_begin[w + 1]; ++k) {
    const FlowIndex f = flows_into[k];
    const Flow& flow = m.flows()[f];
    target_changed[f] = 1;
    bool any = false;
    for (NodeIndex b : placement.nodes_of(flow.to)) any = any || !s.node_down[b];
    if (!any) {
      s.flow_unplaced[f] = 1;
      continue;
    }
    for (std::uint32_t i = working_begin[f]; i < working_begin[f + 1]; ++i)
      if (!s.node_down[working[i].node] && !witness_survives(i, s.link_removed, removed_bits))
        candidates.push_back(Change{f, working[i].node, no_rule, no_rule});
    for (std::uint32_t i = failing_begin[f]; i < failing_begin[f + 1]; ++i) {
      const Finding& finding = raw_findings()[failing[i]];
      if (s.node_down[finding.node]) continue;
      if (finding.rule == RuleId::flow_route)
        s.reexplain.push_back(FlowSource{f, finding.node});
      else
        candidates.push_back(Change{f, finding.node, failing_rule(i), no_rule});
    }
  }

  // Failing pairs whose route lost an element; flow.route's route is the explanation's.
  {
    for (std::uint32_t i = 0; i < failing.size(); ++i) {
      const Finding& finding = raw_findings()[failing[i]];
      const FlowIndex f = finding.flow;
      if (target_changed[f] || s.node_down[finding.node] || !path_hit(finding, s)) continue;
      if (finding.rule == RuleId::flow_route)
        s.reexplain.push_back(FlowSource{f, finding.node});
      else
        candidates.push_back(Change{f, finding.node, failing_rule(i), no_rule});
    }
  }

  // Working pairs, class by class: the removed arcs, their passages, and the pairs a
  // passage without a detour (or a latency limit) may break.
  if (!removed.empty()) {
    Searcher searcher(m, s.link_removed, max_vertices);
    std::vector<std::uint8_t> marked(working.size(), 0);  // working pairs already considered
    struct Arc {
      VertexIndex from, to;
      LinkIndex link;
    };
    std::vector<Arc> arcs;
    std::vector<VertexIndex> entries, exits;
    std::vector<double> entry_distance, exit_distance;  // per source vertex (a, 0) / per node
    for (std::uint32_t c : searched) {
      // The arcs over removed links, from the product graph itself: a class without any
      // (its labels cannot cross them) needs no explicit graph.
      const FlowSpace& class_space = space(c);
      arcs.clear();
      for (LinkIndex l : removed) {
        const Link& link = m.links()[l];
        for (NodeIndex u : {link.from, link.to})
          for (StateIndex st = 0; st < class_space.state_count(); ++st) {
            const VertexIndex v = class_space.vertex(u, st);
            class_space.for_each_out(v, [&](VertexIndex w, LinkIndex crossed) {
              if (crossed == l) arcs.push_back(Arc{v, w, l});
            });
          }
      }
      if (arcs.empty()) continue;
      const ClassGraph& g = graph(c);
      std::sort(arcs.begin(), arcs.end(), [](const Arc& x, const Arc& y) {
        return std::tie(x.from, x.to, x.link) < std::tie(y.from, y.to, y.link);
      });
      arcs.erase(std::unique(arcs.begin(), arcs.end(),
                             [](const Arc& x, const Arc& y) {
                               return x.from == y.from && x.to == y.to && x.link == y.link;
                             }),
                 arcs.end());
      auto stays = [&](int side, VertexIndex v) {
        for (std::uint32_t i = g.start[side][v]; i < g.start[side][v + 1]; ++i)
          if (!test(s.link_removed, g.link[side][i])) return true;
        return false;
      };
      // Entries: tails reached by an arc that stays; exits: heads left by one.
      entries.clear();
      exits.clear();
      double least_removed = unreached;
      for (const Arc& arc : arcs) {
        least_removed = std::min(least_removed, m.links()[arc.link].latency_ms);
        if (stays(1, arc.from)) entries.push_back(arc.from);
        if (stays(0, arc.to)) exits.push_back(arc.to);
      }
      auto unique_sorted = [](std::vector<VertexIndex>& list) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
      };
      unique_sorted(entries);
      unique_sorted(exits);
      // The passages: exits q != p an entry p reaches over removed arcs, and how wide their
      // detours over the arcs that stay are: as wide as any flow of the class without a
      // latency limit needs (unreached), some narrower (a bandwidth below every flow's, so
      // that only flows without a bandwidth are spared), or none at all (0).
      bool any_passage = false;
      double narrowest_detour = unreached;
      std::vector<VertexIndex> stack, seen;
      for (VertexIndex p : entries) {
        stack.assign(1, p);
        seen.assign(1, p);
        std::vector<VertexIndex> reached;
        while (!stack.empty()) {
          const VertexIndex v = stack.back();
          stack.pop_back();
          auto range = std::equal_range(arcs.begin(), arcs.end(), Arc{v, 0, 0},
                                        [](const Arc& x, const Arc& y) { return x.from < y.from; });
          for (auto it = range.first; it != range.second; ++it) {
            if (std::find(seen.begin(), seen.end(), it->to) != seen.end()) continue;
            seen.push_back(it->to);
            stack.push_back(it->to);
            if (std::binary_search(exits.begin(), exits.end(), it->to)) reached.push_back(it->to);
          }
        }
        if (reached.empty()) continue;
        any_passage = true;
        // Only flows without a latency limit read the detours' width.
        const double widest_needed = class_summary[c].widest_threshold;
        if (narrowest_detour == 0 || (class_summary[c].plain_flows == 0 && widest_needed == 0)) continue;
        if (widest_needed > 0 && narrowest_detour >= widest_needed &&
            searcher.reaches_all(g, p, reached, widest_needed))
          continue;
        if (searcher.reaches_all(g, p, reached, 0))
          narrowest_detour = std::min(narrowest_detour, std::nextafter(0.0, 1.0));
        else
          narrowest_detour = 0;
      }

      // Which of the class's flows a passage may break: a latency limit, or a bandwidth
      // (none: any route) wider than some passage's detour.
      auto exposed = [&](FlowIndex f) {
        if (!any_passage) return false;
        if (flow_limit[f] != unreached) return true;
        return flow_threshold[f] > 0 ? narrowest_detour < flow_threshold[f] : narrowest_detour == 0;
      };
      const ClassSummary& summary = class_summary[c];
      const bool latency_exposed = any_passage && summary.latency_flows != 0;
      const bool reach_exposed = any_passage && ((summary.plain_flows != 0 && narrowest_detour == 0) ||
                                                 narrowest_detour < summary.widest_threshold);
      if (latency_exposed || reach_exposed) {
        // Least latency over the arcs that stay, from every source to an entry and from an
        // exit to every node: only as far as a latency limit could use when no flow of the
        // class needs a route of any length.
        const double bound = reach_exposed ? unreached : summary.largest_limit - least_removed;
        searcher.least_latency(g, 1, entries, 0, bound, {});
        entry_distance.assign(m.nodes().size(), unreached);
        for (NodeIndex n = 0; n < m.nodes().size(); ++n) entry_distance[n] = searcher.vertex(n * g.states);
        searcher.least_latency(g, 0, exits, 0, bound, {});
        exit_distance.assign(m.nodes().size(), unreached);
        for (NodeIndex n = 0; n < m.nodes().size(); ++n) exit_distance[n] = searcher.node(n);
      }
      auto consider = [&](std::uint32_t i) {
        if (marked[i]) return;
        marked[i] = 1;
        if (!witness_survives(i, s.link_removed, removed_bits))
          candidates.push_back(Change{working[i].flow, working[i].node, no_rule, no_rule});
      };
      // Pairs whose source or a target lost a link.
      for (NodeIndex n : near_nodes) {
        lookup(pairs_from, c, n, [&](std::uint32_t i) {
          if (!target_changed[working[i].flow] && !s.node_down[n]) consider(i);
        });
        lookup(flows_to, c, n, [&](FlowIndex f) {
          if (target_changed[f]) return;
          for (std::uint32_t i = working_begin[f]; i < working_begin[f + 1]; ++i)
            if (!s.node_down[working[i].node]) consider(i);
        });
      }
      // Pairs a route through a passage could have served within their limits.
      if (latency_exposed || reach_exposed)
        for (std::uint32_t k = class_begin[c]; k < class_begin[c + 1]; ++k) {
          const FlowIndex f = class_flows[k];
          if (target_changed[f] || !exposed(f)) continue;
          double to_targets = unreached;
          for (NodeIndex b : placement.nodes_of(flow_to[f])) to_targets = std::min(to_targets, exit_distance[b]);
          if (to_targets == unreached) continue;
          for (std::uint32_t i = working_begin[f]; i < working_begin[f + 1]; ++i) {
            const NodeIndex a = working[i].node;
            if (s.node_down[a]) continue;
            const double through = entry_distance[a] + least_removed + to_targets;
            if (flow_limit[f] != unreached ? through <= flow_limit[f] : through < unreached) consider(i);
          }
        }
    }
  }

  if (one_shot && candidates.size() * 16 > working.size())
    decide_by_engine(down, s, candidates);
  else
    decide(s, candidates);
  std::sort(s.reexplain.begin(), s.reexplain.end(),
            [](const FlowSource& x, const FlowSource& y) {
              return pair_key(x.flow, x.node) < pair_key(y.flow, y.node);
            });
  return s;
}

// The verdicts of the candidates on the model with the elements down, by the rules'
// order (route, then bandwidth, then latency): one search per (class, source,
// bandwidth) over the arcs that stay, bounded by the group's latency limits, and where
// that finds no target, whether any route of the bandwidth (or any route) is left.
void WhatIfSession::State::decide(Scenario& s, std::vector<Change>& candidates) const {
  const Model& m = *model;
  const Placement& placement = m.placement();
  struct Item {
    std::uint32_t c;
    NodeIndex a;
    double threshold;
    std::uint32_t index;
  };
  std::vector<Item> items;
  items.reserve(candidates.size());
  for (std::uint32_t i = 0; i < candidates.size(); ++i) {
    const FlowIndex f = candidates[i].flow;
    items.push_back(Item{flow_class[f], candidates[i].node, flow_threshold[f], i});
  }
  std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    return std::tie(x.c, x.a, x.threshold, x.index) < std::tie(y.c, y.a, y.threshold, y.index);
  });
  Searcher searcher(m, s.link_removed, max_vertices);
  std::vector<NodeIndex> wanted, targets;
  std::vector<LinkIndex> route;
  std::vector<VertexIndex> source(1);
  auto live_targets = [&](FlowIndex f) {
    targets.clear();
    for (NodeIndex b : placement.nodes_of(m.flows()[f].to))
      if (!s.node_down[b]) targets.push_back(b);
  };
  for (std::size_t i = 0; i < items.size();) {
    std::size_t end = i;
    while (end < items.size() && items[end].c == items[i].c && items[end].a == items[i].a &&
           items[end].threshold == items[i].threshold)
      ++end;
    const ClassGraph& g = graph(items[i].c);
    const NodeIndex a = items[i].a;
    const double threshold = items[i].threshold;
    source[0] = a * g.states;
    // First whether a route of the bandwidth is left at all (cheap both when there is
    // one and when an end is cut off alone); the pairs with a latency limit that have one
    // then share one search, bounded by the largest limit.
    wanted.clear();
    double bound = -1;
    for (std::size_t k = i; k < end; ++k) {
      Change& change = candidates[items[k].index];
      const FlowIndex f = change.flow;
      live_targets(f);
      if (std::find(targets.begin(), targets.end(), a) != targets.end()) {
        change.after = no_rule;  // co-located: the empty route
        continue;
      }
      const bool limited = flow_limit[f] != unreached;
      if (searcher.reaches(g, source[0], targets, threshold, limited ? nullptr : &route)) {
        if (!limited) {
          change.after = no_rule;
          if (change.before == no_rule) remember(f, a, route);
        } else {
          change.after = static_cast<int>(RuleId::flow_latency);  // unless the search below finds one in time
          wanted.insert(wanted.end(), targets.begin(), targets.end());
          bound = std::max(bound, flow_limit[f]);
        }
        continue;
      }
      const bool any_route = threshold > 0 && searcher.reaches(g, source[0], targets, 0);
      change.after = static_cast<int>(any_route ? RuleId::flow_bandwidth : RuleId::flow_route);
    }
    if (bound < 0) {
      i = end;
      continue;
    }
    searcher.least_latency(g, 0, source, threshold, bound, wanted);
    for (std::size_t k = i; k < end; ++k) {
      Change& change = candidates[items[k].index];
      const FlowIndex f = change.flow;
      if (flow_limit[f] == unreached || change.after != static_cast<int>(RuleId::flow_latency)) continue;
      live_targets(f);
      double least = unreached;
      NodeIndex nearest = targets[0];
      for (NodeIndex b : targets)
        if (searcher.node(b) < least) {
          least = searcher.node(b);
          nearest = b;
        }
      if (least > flow_limit[f]) continue;  // only slower routes: flow.latency
      change.after = no_rule;
      if (change.before == no_rule) {
        // A route within the limit over links that are all up: the pair's witness.
        searcher.route_to(nearest, route);
        remember(f, a, route);
      }
    }
    i = end;
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Change& x, const Change& y) { return pair_key(x.flow, x.node) < pair_key(y.flow, y.node); });
  s.changes = std::move(candidates);
}

// The verdicts of many candidates at once: the flow engine itself (check_some_flows, its
// closures and two-sided searches) on the model with the elements down, for every flow
// with a candidate; the findings of the candidates are kept for findings_down().
void WhatIfSession::State::decide_by_engine(const Elements& down, Scenario& s, std::vector<Change>& candidates) const {
  std::vector<unsigned char> only(model->flows().size(), 0);
  for (const Change& change : candidates) only[change.flow] = 1;
  Lease lease(*this);
  DownModel& down_model = lease.get();
  down_model.take_down(down);
  std::vector<Finding> found;
  detail::check_some_flows(down_model.model(), only, found, options.jobs, options.max_label_states);
  std::unordered_map<std::uint64_t, std::uint32_t> at;
  at.reserve(found.size() * 2);
  for (std::uint32_t i = 0; i < found.size(); ++i) at.emplace(pair_key(found[i].flow, found[i].node), i);
  for (Change& change : candidates) {
    auto it = at.find(pair_key(change.flow, change.node));
    change.after = it == at.end() ? no_rule : static_cast<int>(found[it->second].rule);
    if (it == at.end()) continue;
    Finding& finding = found[it->second];
    if (down_model.map_back(finding)) s.engine.push_back(std::move(finding));
  }
  s.by_engine = true;
  std::sort(candidates.begin(), candidates.end(),
            [](const Change& x, const Change& y) { return pair_key(x.flow, x.node) < pair_key(y.flow, y.node); });
  s.changes = std::move(candidates);
}

std::vector<Finding> WhatIfSession::State::findings_down(const Elements& down, const Scenario& s, bool consume,
                                                        std::vector<std::uint32_t>* dropped,
                                                        std::size_t* carried) const {
  // The pairs decided again or explained again, sorted (as changes and reexplain are): a
  // gateway down decides again ~100,000 pairs, which a hash set took 0.01 G to index.
  std::vector<std::uint64_t> redone;
  redone.reserve(s.changes.size() + s.reexplain.size());
  for (const Change& change : s.changes) redone.push_back(pair_key(change.flow, change.node));
  const std::ptrdiff_t decided = static_cast<std::ptrdiff_t>(redone.size());
  for (const FlowSource& pair : s.reexplain) redone.push_back(pair_key(pair.flow, pair.node));
  std::inplace_merge(redone.begin(), redone.begin() + decided, redone.end());
  std::vector<Finding> out;
  const std::vector<Finding>& kept = raw_findings();
  consume = consume && !raw_is_whole;  // whole's findings, which the result takes whole
  out.reserve(kept.size() + 64);
  for (std::uint32_t i = 0; i < kept.size(); ++i) {
    const Finding& finding = kept[i];
    if ((finding.node != no_key && s.is_down(finding.node)) ||
        (finding.link != no_key && test(s.link_removed, finding.link)) ||
        (is_per_workload(finding.rule) && s.workload_touched[finding.workload]) ||
        (is_flow_rule(finding.rule) &&
         (s.flow_unplaced[finding.flow] ||
          std::binary_search(redone.begin(), redone.end(), pair_key(finding.flow, finding.node))))) {
      if (dropped != nullptr) dropped->push_back(i);
      continue;
    }
    if (consume)
      out.push_back(std::move(const_cast<Finding&>(finding)));
    else
      out.push_back(finding);
  }
  bool flows_change = !s.reexplain.empty();
  for (const Change& change : s.changes) flows_change = flows_change || change.after != no_rule;
  if (carried != nullptr) *carried = out.size();
  if (s.touched.empty() && !flows_change) return out;
  if (!flows_change && !s.by_engine) {
    // Only per-workload findings change: the rules read the placement, not the links.
    std::vector<Finding> fresh;
    detail::check_some_workloads(*model, placement_without(s), s.touched, fresh);
    out.insert(out.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
    return out;
  }

  State::Lease lease(*this);
  DownModel& down_model = lease.get();
  down_model.take_down(down);
  std::vector<Finding> fresh;
  detail::check_some_workloads(down_model.model(), s.touched, fresh);
  if (s.by_engine) out.insert(out.end(), s.engine.begin(), s.engine.end());
  if (flows_change && (!s.by_engine || !s.reexplain.empty())) {
    DownFlows flows(down_model.model());
    for (const Change& change : s.changes) {
      if (change.after == no_rule || s.by_engine) continue;
      // No route at all: flow.route's evidence needs no latency search.
      if (change.after == static_cast<int>(RuleId::flow_route)) {
        fresh.push_back(flows.route(change.flow, change.node));
        continue;
      }
      Finding finding;
      if (flows.finding(change.flow, change.node, finding)) fresh.push_back(std::move(finding));
    }
    for (const FlowSource& pair : s.reexplain) fresh.push_back(flows.route(pair.flow, pair.node));
  }
  for (Finding& finding : fresh)
    if (down_model.map_back(finding)) out.push_back(std::move(finding));
  return out;
}

namespace {

void check_range(const Model& model, const Elements& down) {
  for (NodeIndex n : down.nodes)
    if (n >= model.nodes().size()) throw error(ErrorKind::usage, "what-if: a node index out of range");
  for (LinkIndex l : down.links)
    if (l >= model.links().size()) throw error(ErrorKind::usage, "what-if: a link index out of range");
}

}  // namespace

WhatIfSession::WhatIfSession(const Model& model, const CheckOptions& options) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.model = &model;
  s.options = options;
  CheckOptions rules_only;
  rules_only.jobs = options.jobs;
  rules_only.max_label_states = options.max_label_states;
  // The whole check's latency searches find routes within their pairs' limits on the way:
  // kept as the pairs' first witnesses, so that a scenario searches again only the pairs
  // whose route it cut.
  detail::KeptFlowGraphs kept;
  s.raw = detail::check_keeping_witnesses(model, rules_only, s.first_witnesses, kept).findings;
  s.whole.model = model.name();
  if (options.waivers == nullptr && options.min_severity == Severity::low) {
    s.whole.findings = std::move(s.raw);
    s.raw = {};
    s.raw_is_whole = true;
  } else {
    s.whole.findings = s.raw;
    if (options.waivers != nullptr) apply_waivers(s.whole, model, options.waivers, options.waiver_options);
    keep_findings_at_or_above(s.whole, options.min_severity);
  }
  const std::vector<Finding>& raw = s.raw_findings();

  // The flow rules' own FlowContext and product graphs (a model without flows has none).
  s.context = kept.context ? std::move(kept.context) : std::make_shared<const FlowContext>(model);
  const FlowContext& context = *s.context;
  s.spaces = std::move(kept.spaces);
  s.spaces.resize(context.classes.classes.size());
  s.space_once = std::make_unique<std::once_flag[]>(context.classes.classes.size());
  const std::size_t class_count = context.classes.classes.size();
  const std::size_t flow_count = model.flows().size();
  s.flow_to.resize(flow_count);
  s.into_begin.assign(model.workloads().size() + 1, 0);
  for (FlowIndex f = 0; f < flow_count; ++f) {
    s.flow_to[f] = model.flows()[f].to;
    ++s.into_begin[s.flow_to[f] + 1];
  }
  for (std::size_t w = 0; w < model.workloads().size(); ++w) s.into_begin[w + 1] += s.into_begin[w];
  s.flows_into.resize(flow_count);
  {
    std::vector<std::uint32_t> next(s.into_begin.begin(), s.into_begin.end() - 1);
    for (FlowIndex f = 0; f < flow_count; ++f) s.flows_into[next[s.flow_to[f]]++] = f;
  }
  s.flow_class.resize(flow_count);
  s.flow_threshold.resize(flow_count);
  s.flow_limit.resize(flow_count);
  s.class_begin.assign(class_count + 1, 0);
  for (FlowIndex f = 0; f < flow_count; ++f) {
    const Flow& flow = model.flows()[f];
    s.flow_class[f] = context.classes.search_of[context.classes.class_of[flow.data]];
    s.flow_threshold[f] = context.threshold_value(context.threshold_index(flow));
    s.flow_limit[f] = flow.max_latency_ms ? *flow.max_latency_ms : unreached;
    ++s.class_begin[s.flow_class[f] + 1];
  }
  for (std::size_t c = 0; c < class_count; ++c) {
    if (s.class_begin[c + 1] > 0) s.searched.push_back(static_cast<std::uint32_t>(c));
    s.class_begin[c + 1] += s.class_begin[c];
  }
  s.class_flows.resize(flow_count);
  {
    std::vector<std::uint32_t> next(s.class_begin.begin(), s.class_begin.end() - 1);
    for (FlowIndex f = 0; f < flow_count; ++f) s.class_flows[next[s.flow_class[f]]++] = f;
  }
  s.graph_once = std::make_unique<std::once_flag[]>(class_count);
  s.graphs.resize(class_count);
  std::size_t most_states = 1;
  for (std::uint32_t c : s.searched) most_states = std::max(most_states, context.classes.classes[c].labels.size());
  s.max_vertices = model.nodes().size() * most_states;

  const Placement& placement = model.placement();
  s.on_begin.assign(model.nodes().size() + 1, 0);
  for (WorkloadIndex w = 0; w < placement.workload_count(); ++w)
    for (NodeIndex n : placement.nodes_of(w)) ++s.on_begin[n + 1];
  for (std::size_t n = 0; n < model.nodes().size(); ++n) s.on_begin[n + 1] += s.on_begin[n];
  s.workloads_on.resize(s.on_begin.back());
  {
    std::vector<std::uint32_t> next(s.on_begin.begin(), s.on_begin.end() - 1);
    for (WorkloadIndex w = 0; w < placement.workload_count(); ++w)
      for (NodeIndex n : placement.nodes_of(w)) s.workloads_on[next[n]++] = w;
  }

  // The raw findings per workload (per-workload rules) and per flow (flow rules).
  s.workload_begin.assign(model.workloads().size() + 1, 0);
  s.failing_begin.assign(flow_count + 1, 0);
  for (const Finding& finding : raw) {
    if (is_per_workload(finding.rule)) ++s.workload_begin[finding.workload + 1];
    if (is_flow_rule(finding.rule)) ++s.failing_begin[finding.flow + 1];
  }
  for (std::size_t w = 0; w < model.workloads().size(); ++w) s.workload_begin[w + 1] += s.workload_begin[w];
  for (std::size_t f = 0; f < flow_count; ++f) s.failing_begin[f + 1] += s.failing_begin[f];
  s.workload_findings.resize(s.workload_begin.back());
  s.failing.resize(s.failing_begin.back());
  {
    std::vector<std::uint32_t> next_workload(s.workload_begin.begin(), s.workload_begin.end() - 1);
    std::vector<std::uint32_t> next_flow(s.failing_begin.begin(), s.failing_begin.end() - 1);
    for (std::uint32_t i = 0; i < raw.size(); ++i) {
      const Finding& finding = raw[i];
      if (is_per_workload(finding.rule)) s.workload_findings[next_workload[finding.workload]++] = i;
      if (is_flow_rule(finding.rule)) s.failing[next_flow[finding.flow]++] = i;
    }
  }

  // Working pairs: every (flow, distinct source) with a target and no flow finding.
  std::unordered_set<std::uint64_t> failing_pairs;
  for (std::uint32_t i : s.failing) failing_pairs.insert(pair_key(raw[i].flow, raw[i].node));
  s.working_begin.assign(flow_count + 1, 0);
  std::vector<NodeIndex> sources;
  for (FlowIndex f = 0; f < flow_count; ++f) {
    const Flow& flow = model.flows()[f];
    if (placement.is_placed(flow.to)) {
      sources.assign(placement.nodes_of(flow.from).begin(), placement.nodes_of(flow.from).end());
      std::sort(sources.begin(), sources.end());
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      for (NodeIndex a : sources)
        if (failing_pairs.count(pair_key(f, a)) == 0) s.working.push_back(FlowSource{f, a});
    }
    s.working_begin[f + 1] = static_cast<std::uint32_t>(s.working.size());
  }
  s.witness.resize(s.working.size());
  s.witness_bits.reset(new std::atomic<std::uint64_t>[s.working.size()]());
  s.first_witness.assign(s.working.size(), detail::none);
  for (std::uint32_t k = 0; k < s.first_witnesses.size(); ++k) {
    const std::uint32_t i = s.working_index(s.first_witnesses.flow[k], s.first_witnesses.node[k]);
    if (i == detail::none) continue;
    s.first_witness[i] = k;
    std::uint64_t bits = 0;
    for (std::uint32_t j = s.first_witnesses.start[k]; j < s.first_witnesses.start[k + 1]; ++j)
      bits |= std::uint64_t{1} << (s.first_witnesses.links[j] % 64);
    s.witness_bits[i].store(bits, std::memory_order_relaxed);
  }

  s.class_summary.resize(class_count);
  for (FlowIndex f = 0; f < flow_count; ++f) {
    State::ClassSummary& summary = s.class_summary[s.flow_class[f]];
    if (s.flow_limit[f] != unreached) {
      ++summary.latency_flows;
      summary.largest_limit = std::max(summary.largest_limit, s.flow_limit[f]);
    } else if (s.flow_threshold[f] > 0) {
      summary.widest_threshold = std::max(summary.widest_threshold, s.flow_threshold[f]);
    } else {
      ++summary.plain_flows;
    }
  }
  s.pairs_from.reserve(s.working.size());
  for (std::uint32_t i = 0; i < s.working.size(); ++i)
    s.pairs_from.emplace_back(std::uint64_t{s.flow_class[s.working[i].flow]} << 32 | s.working[i].node, i);
  State::sort_keyed(s.pairs_from, model.nodes().size(), class_count);
  for (FlowIndex f = 0; f < flow_count; ++f) {
    if (s.working_begin[f] == s.working_begin[f + 1]) continue;
    for (NodeIndex b : placement.nodes_of(s.flow_to[f]))
      s.flows_to.emplace_back(std::uint64_t{s.flow_class[f]} << 32 | b, f);
  }
  State::sort_keyed(s.flows_to, model.nodes().size(), class_count);
  s.flows_to.erase(std::unique(s.flows_to.begin(), s.flows_to.end()), s.flows_to.end());
}

WhatIfSession::~WhatIfSession() = default;
WhatIfSession::WhatIfSession(WhatIfSession&&) noexcept = default;
WhatIfSession& WhatIfSession::operator=(WhatIfSession&&) noexcept = default;

const Model& WhatIfSession::model() const { return *state_->model; }
const CheckOptions& WhatIfSession::options() const { return state_->options; }
const Report& WhatIfSession::whole() const { return state_->whole; }
const std::vector<FlowSource>& WhatIfSession::working_pairs() const { return state_->working; }

Report WhatIfSession::State::check_down(const Elements& down, bool consume) const {
  if (down.empty()) return whole;
  Report report;
  report.model = model->name();
  report.findings = findings_down(down, scenario(down), consume);
  sort_findings(*model, report.findings);
  if (options.waivers != nullptr) apply_waivers(report, *model, options.waivers, options.waiver_options);
  keep_findings_at_or_above(report, options.min_severity);
  return report;
}

WhatIf WhatIfSession::State::run(const Elements& down, bool consume) const {
  if (consume && raw_is_whole && !down.empty()) return run_once(down);
  WhatIf result;
  result.with_down = check_down(down, consume);
  result.down = down;
  result.whole = consume ? std::move(const_cast<Report&>(whole)) : whole;
  result.added = detail::findings_missing_from(result.with_down, result.whole);
  result.resolved = detail::findings_missing_from(result.whole, result.with_down);
  return result;
}

// run() for a session used once whose whole report is the rules' findings (no waivers,
// no min_severity): the findings with the elements down are those carried over and
// those made again, so only these can be added and only the ones not carried can be
// resolved (a finding made again has the identity of one not carried, or is new), and
// the comparison looks up the few of them instead of indexing both reports whole.
WhatIf WhatIfSession::State::run_once(const Elements& down) const {
  WhatIf result;
  result.down = down;
  std::vector<std::uint32_t> dropped;
  std::size_t carried = 0;
  result.with_down.model = model->name();
  result.with_down.findings = findings_down(down, scenario(down), true, &dropped, &carried);
  std::vector<Finding>& after = result.with_down.findings;
  std::unordered_set<detail::IdentityKey, detail::IdentityHash> made, lost;
  made.reserve(2 * (after.size() - carried));
  lost.reserve(2 * dropped.size());
  for (std::size_t i = carried; i < after.size(); ++i) made.insert(detail::key_of(after[i]));
  for (std::uint32_t i : dropped) {
    const detail::IdentityKey key = detail::key_of(whole.findings[i]);
    lost.insert(key);
    if (made.count(key) == 0) result.resolved.push_back(i);
  }
  sort_findings(*model, after);
  if (!made.empty())
    for (std::uint32_t i = 0; i < after.size(); ++i) {
      const detail::IdentityKey key = detail::key_of(after[i]);
      if (made.count(key) != 0 && lost.count(key) == 0) result.added.push_back(i);
    }
  result.whole = std::move(const_cast<Report&>(whole));
  return result;
}

Report WhatIfSession::check_down(const Elements& down) const {
  check_range(*state_->model, down);
  return state_->check_down(down, false);
}

WhatIf WhatIfSession::run(const Elements& down) const {
  check_range(*state_->model, down);
  return state_->run(down, false);
}

namespace {

// The working pairs a scenario breaks, in working-pair order: those decided again that
// get a flow finding, and every pair (source up) of a flow whose target lost every node.
template <typename State, typename Scenario>
std::vector<FlowSource> broken_of(const State& s, const Scenario& scenario) {
  std::vector<FlowSource> broken;
  for (const Change& change : scenario.changes)
    if (change.before == no_rule && change.after != no_rule) broken.push_back(FlowSource{change.flow, change.node});
  for (FlowIndex f = 0; f < scenario.flow_unplaced.size(); ++f)
    if (scenario.flow_unplaced[f])
      for (std::uint32_t i = s.working_begin[f]; i < s.working_begin[f + 1]; ++i)
        if (!scenario.is_down(s.working[i].node)) broken.push_back(s.working[i]);
  std::sort(broken.begin(), broken.end(), [](const FlowSource& x, const FlowSource& y) {
    return pair_key(x.flow, x.node) < pair_key(y.flow, y.node);
  });
  return broken;
}

}  // namespace

std::vector<FlowSource> WhatIfSession::broken_pairs(const Elements& down) const {
  const State& s = *state_;
  check_range(*s.model, down);
  if (down.empty()) return {};
  return broken_of(s, s.scenario(down));
}

WhatIfOutcome WhatIfSession::outcome(const Elements& down) const {
  const State& s = *state_;
  const Model& model = *s.model;
  check_range(model, down);
  WhatIfOutcome result;
  if (down.empty()) return result;
  if (s.options.min_severity != Severity::low) {
    // What min_severity keeps depends on the findings' severities: count run()'s.
    const WhatIf ran = run(down);
    for (std::uint32_t i : ran.added) ++result.added[static_cast<std::size_t>(ran.with_down.findings[i].rule)];
    result.broken = broken_pairs(down);
    return result;
  }
  const State::Scenario scenario = s.scenario(down);
  result.broken = broken_of(s, scenario);
  // Flow findings added: a pair decided again whose rule changed to another.
  for (const Change& change : scenario.changes)
    if (change.after != no_rule && change.after != change.before)
      ++result.added[static_cast<std::size_t>(change.after)];
  // Per-workload findings added: those of the workloads checked again that the whole
  // check did not have. Every other rule only loses findings when elements go down.
  if (!scenario.touched.empty()) {
    std::vector<Finding> fresh;
    detail::check_some_workloads(model, s.placement_without(scenario), scenario.touched, fresh);
    auto key = [](const Finding& f) {
      return std::make_tuple(f.rule, f.workload, f.node, f.data);
    };
    std::set<std::tuple<RuleId, std::uint32_t, std::uint32_t, std::uint32_t>> before;
    for (WorkloadIndex w : scenario.touched)
      for (std::uint32_t i = s.workload_begin[w]; i < s.workload_begin[w + 1]; ++i)
        before.insert(key(s.raw_findings()[s.workload_findings[i]]));
    for (const Finding& finding : fresh)
      if (before.count(key(finding)) == 0) ++result.added[static_cast<std::size_t>(finding.rule)];
  }
  return result;
}

WhatIf whatif(const Model& model, const Elements& down, const CheckOptions& options) {
  // A session used once: its whole check and findings move into the result.
  WhatIfSession session(model, options);
  check_range(model, down);
  session.state_->one_shot = true;
  return session.state_->run(down, true);
}

}  // namespace v1
}  // namespace clearance
