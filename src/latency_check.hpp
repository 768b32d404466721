// Internal: the latency search of flow.latency and flow.bandwidth, a two-sided Dijkstra
// over a product graph that stops at the first route within the flow's limit, and goes
// on to the fastest (or, in the (max, min) semiring, the widest) route for the evidence.
// Not installed.
#pragma once

#include "flow_space.hpp"
#include "radix_queue.hpp"

#include <cstddef>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

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
// on the same uplink vertex, and every answer is kept. The replicas of a workload on one
// site ask the same question of a far target: the first asks it of the wide-area network,
// the others read the answer (on the 100k estate two questions in five had been asked
// before, most of them of short searches, which therefore are kept too). What a call
// returns does not depend on what was kept: a kept answer is the one the search would
// give again.
// What a search knows of a vertex from one side.
struct LatencyMark {
  double value;          // latency from its side's start (infinity: not reached)
  VertexIndex previous;  // the vertex it was labelled from
  std::uint32_t arc;     // by this arc of its side (see LatencyArcs::link_of)
};
// Both sides' marks of a vertex together: relaxing an arc reads both, from one line.
struct alignas(32) LatencyMarks {
  LatencyMark side[2];
};

// A search's arrays with a slot per vertex of the product graph, reset to unreached by
// the search that used them: lent from search to search (see LatencyArcs::borrow).
struct LatencyScratch {
  std::vector<LatencyMarks> marks;
  std::vector<std::uint8_t> has_exit[2];
  std::vector<double> width[2];  // widest() labels (0: unreached), sized by its first call
};

// What a search from a vertex to a flow's targets found: a route of at most `value`
// (exact false), or the least latency (exact true; infinity: no route) and its route.
struct LatencyAnswer {
  double value = 0;
  bool exact = false;
  ProductRoute route;
  // Not exact, asked with a witness (LatencyCheck::reach's `within`): route.links holds the
  // links of the route found (in no order), its vertices none.
  bool traced = false;
};
// The question a LatencyAnswer answers: from which vertex, to which target nodes (the
// placement's span of a workload, compared by its nodes: flows to different workloads on
// the same nodes ask one question), over which widths, within which limit.
struct LatencyQuestion {
  VertexIndex from;
  std::uint32_t rank;
  const NodeIndex* targets;
  std::size_t target_count;
  double limit;
  bool operator==(const LatencyQuestion& other) const {
    return from == other.from && rank == other.rank && target_count == other.target_count &&
           limit == other.limit &&
           (targets == other.targets || std::equal(targets, targets + target_count, other.targets));
  }
  std::size_t hash() const;
};

// The product graph as the latency search reads it, both ways, with the live vertices
// numbered first (see LatencyCheck): built once per class and read-only, so that the
// threads of check_flows share it and each keeps only its search's marks.
//
// Explicit while it is small: every arc, each way, as a 16-byte record and its link (40
// bytes an arc, 25 a vertex), which the estates' searches read fastest. Above
// `explicit_budget_bytes` (a class whose guards release into many labels has an arc per
// (crossing, state, release): a dozen a vertex on the chain of issue 23) nothing is kept
// per arc: the searches list a vertex's arcs from the FlowSpace when they scan it (its
// for_each_out and for_each_in, in the same order, so the answers are the same) and the
// graph costs a byte and a bit per vertex.
//
// The arrays a search marks vertices in (LatencyScratch, 34 bytes a vertex) are lent by
// the graph: a search's own while they take at most half of `scratch_budget_bytes`, and
// above that at most as many at once as fit in it (at least one), so that --jobs does not
// multiply them: a thread whose search would need another waits for one to come back.
struct LatencyArcs {
  static constexpr std::size_t default_explicit_budget_bytes = std::size_t(64) << 20;
  static constexpr std::size_t default_scratch_budget_bytes = std::size_t(32) << 20;
  explicit LatencyArcs(const FlowSpace& space, std::size_t explicit_budget_bytes = default_explicit_budget_bytes,
                       std::size_t scratch_budget_bytes = default_scratch_budget_bytes);
  struct Arc {
    VertexIndex vertex;   // the other end
    std::uint32_t width;  // the rank of the link's bandwidth in the widths (their count: unlimited)
    double latency_ms;
  };
  const FlowSpace& space;
  bool is_explicit = true;
  std::size_t arc_count = 0;                // the arcs of the product graph (each edge once)
  // The searches' own numbering of the graph's vertices (live ones first): inner[v] for
  // vertex v of the graph, outer[i] back. Every array below is indexed by it. Implicit:
  // empty, the numbering is the graph's own.
  std::vector<VertexIndex> inner, outer;
  std::vector<std::uint8_t> dead_end;       // per vertex: all its arcs join one other vertex
  // Explicit: per side (0 from the source along edges, 1 from the targets against them):
  // the arcs of v are arcs[start[v], start[v + 1]), those into live vertices before live_end[v].
  std::vector<std::uint32_t> start[2], live_end[2];
  std::vector<Arc> arcs[2];
  std::vector<LinkIndex> arc_link[2];       // the link of each arc, read only for routes
  // Implicit: a bit per vertex that some arc enters, and per link the rank of its width.
  std::vector<std::uint64_t> entered;
  std::vector<std::uint32_t> link_width;
  // The link of an arc as a LatencyMark keeps it: explicit, the arc's index on its side;
  // implicit, the link itself.
  LinkIndex link_of(int side, std::uint32_t arc) const { return is_explicit ? arc_link[side][arc] : arc; }

  // The answers of the searches, shared by the searches of every thread (a search from
  // the same vertex to the same nodes gives the same answer): whether `question` has one
  // (copied into `out`), and keeping one (replacing what was kept for the question).
  bool find_kept(const LatencyQuestion& question, std::size_t hash, LatencyAnswer& out) const;
  void keep(const LatencyQuestion& question, std::size_t hash, const LatencyAnswer& answer) const;

  // A search's arrays, blocking while as many as the budget allows are lent; give them back.
  std::unique_ptr<LatencyScratch> borrow() const;
  void give_back(std::unique_ptr<LatencyScratch> scratch) const;
  // Whether a search keeps its arrays from one search to the next (they are small).
  bool scratch_is_own() const { return own_; }

 private:
  bool own_ = true;
  std::size_t capacity_ = 1;                // arrays that may be lent at once
  mutable std::mutex mutex_;
  mutable std::condition_variable returned_;
  mutable std::vector<std::unique_ptr<LatencyScratch>> free_;
  mutable std::size_t lent_ = 0;
  struct QuestionHash {
    std::size_t operator()(const LatencyQuestion& q) const { return q.hash(); }
  };
  mutable std::mutex kept_mutex_;
  mutable std::unordered_map<LatencyQuestion, LatencyAnswer, QuestionHash> kept_;
  // A bit per hash of each kept question, read before the map (without the lock): most
  // questions are asked once, and a bit is cheaper than the map. Enough bits that tens of
  // thousands of kept questions leave most of them clear.
  static constexpr std::size_t kept_bit_count = std::size_t(1) << 20;
  mutable std::unique_ptr<std::atomic<std::uint64_t>[]> kept_bits_;
};

class LatencyCheck {
 public:
  explicit LatencyCheck(const FlowSpace& space);
  // Searches `arcs` (built for `space`), shared with other threads.
  LatencyCheck(const FlowSpace& space, std::shared_ptr<const LatencyArcs> arcs);
  // Whether a route of at most max_latency_ms (infinity: any route) exists over edges of
  // bandwidth >= threshold, or only slower ones, or none. When only slower ones do, the
  // search goes on to the fastest route (what it has explored is not explored again) and
  // puts it in `fastest` when given.
  // With `within`, a route within the limit found on the way goes there as its links
  // (the what-if session's witnesses, whatif_session.cpp); empty when the source hosts a
  // target or the answer came without one.
  enum class Reach { within, slower, unreachable };
  Reach reach(NodeIndex a, Span<NodeIndex> targets, double threshold, double max_latency_ms,
              ProductRoute* fastest = nullptr, std::vector<LinkIndex>* within = nullptr);
  // Arcs scanned by every search so far: what the searches have cost.
  std::uint64_t work() const { return work_; }
  // The arcs of the product graph (each edge once).
  std::size_t arc_count() const { return graph_->arc_count; }
  // The fastest route (empty vertices when there is none), by the same search run until
  // the frontiers pass the best route found.
  ProductRoute fastest(NodeIndex a, Span<NodeIndex> targets, double threshold);
  // The widest route (whose narrowest link is widest), by the same two-sided search in
  // the (max, min) semiring; empty vertices when there is none.
  ProductRoute widest(NodeIndex a, Span<NodeIndex> targets);
  ~LatencyCheck();
  LatencyCheck(const LatencyCheck&) = delete;
  LatencyCheck& operator=(const LatencyCheck&) = delete;

 private:
  using Arc = LatencyArcs::Arc;
  using Mark = LatencyMark;
  using Marks = LatencyMarks;
  // The graph's two forms, read through one interface by the searches (see latency_check.cpp).
  class ExplicitArcs;
  class ImplicitArcs;
  // An arc from `from` into `to`, a dead end the other side started from (see start()),
  // in the direction of the side that checks it.
  struct Exit {
    VertexIndex from, to;
    std::uint32_t width;
    double latency_ms;
    LinkIndex link;
  };
  // The searches below, written once for both forms of the graph (G: ExplicitArcs or
  // ImplicitArcs); the public calls pick the form and borrow the arrays (acquire()).
  template <typename G>
  Reach reach_in(const G& g, NodeIndex a, Span<NodeIndex> targets, double threshold, double max_latency_ms,
                 ProductRoute* fastest, std::vector<LinkIndex>* within);
  template <typename G>
  ProductRoute fastest_in(const G& g, NodeIndex a, Span<NodeIndex> targets, double threshold);
  template <typename G>
  ProductRoute widest_in(const G& g, NodeIndex a, Span<NodeIndex> targets);
  // The answer for routes from `from` (the searches' numbering) over arcs of width rank >=
  // `rank` (rank_of the threshold), for a source that reaches `from` `offset` ms before:
  // searched with the limit, then, unless a route within limit - offset was found, on to
  // the least latency. Kept (see LatencyArcs::keep).
  template <typename G>
  const LatencyAnswer& answer(const G& g, VertexIndex from, Span<NodeIndex> targets, std::uint32_t rank, double limit,
                       double offset);
  // A search from vertex `source` (the searches' numbering) and from every state of the
  // targets: start() labels the ends, advance() runs it (with limit >= 0 until a route
  // within the limit is found or none can be, with limit < 0 until the least latency is
  // certain) and returns the least latency found so far, over arcs of width rank >=
  // `rank`; it may be advanced again, further. finish() resets the maps.
  template <typename G>
  void start(const G& g, VertexIndex source, Span<NodeIndex> targets);
  template <typename G>
  double advance(const G& g, std::uint32_t rank, double limit);
  void finish();
  template <typename G>
  ProductRoute trace(const G& g, double least) const;
  // The links of the route where the searches met, in no particular order.
  template <typename G>
  void trace_links(const G& g, std::vector<LinkIndex>& links) const;
  void label(int side, VertexIndex v, double distance, VertexIndex from, std::uint32_t arc);
  // Borrows the graph's per-vertex arrays for a search, and gives them back after it
  // unless they are this search's own (LatencyArcs::scratch_is_own).
  void acquire();
  void release();
  // The least rank of the widths that carry `threshold`, and the bandwidth of a rank.
  std::uint32_t rank_of(double threshold) const;
  double width_of(std::uint32_t rank) const;
  const FlowSpace& space_;
  const std::vector<double>& widths_;        // the links' distinct finite bandwidths, ascending
  std::shared_ptr<const LatencyArcs> graph_;  // the graph as the searches read it
  std::unique_ptr<LatencyScratch> scratch_;  // while a search runs (or for good, when its own)
  bool searching_ = false;                   // between acquire() and release(): the arrays are marked
  Marks* marks_ = nullptr;                   // scratch_'s arrays
  std::uint8_t* has_exit_[2] = {nullptr, nullptr};
  std::vector<VertexIndex> touched_[2];
  RadixQueue queue_[2];                      // per side: (latency, vertex) to settle
  std::vector<std::pair<double, VertexIndex>> widest_queue_[2];  // widest(): binary max-heaps
  std::vector<VertexIndex> deferred_[2];     // labelled beyond the limit, not yet queued
  std::vector<Exit> exits_[2];               // per side: arcs it checks when it settles their tails
  LatencyAnswer found_;                      // the last answer
  bool trace_within_ = false;                // answer() keeps the route of a route within the limit too
  double best_ = 0;                          // the least latency of a route found so far
  std::uint64_t scanned_[2] = {0, 0};        // arcs each side of the current search has scanned
  std::uint64_t work_ = 0;
  VertexIndex meet_from_ = 0, meet_to_ = 0;  // the edge where the searches met
  LinkIndex meet_link_ = 0;
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
