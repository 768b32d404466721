// Internal: the latency search of flow.latency and flow.bandwidth, a two-sided Dijkstra
// over a product graph that stops at the first route within the flow's limit, and goes
// on to the fastest (or, in the (max, min) semiring, the widest) route for the evidence.
// Not installed.
#pragma once

#include "flow_space.hpp"
#include "radix_queue.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
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
// on the same uplink vertex, and answers that cost a long search are kept. The replicas
// of a workload on one site ask the same question of a far target: the first asks it of
// the wide-area network, the others read the answer. What a call returns does not depend
// on what was kept: a kept answer is the one the search would give again.
// The product graph as the latency search reads it, both ways, with the live vertices
// numbered first (see LatencyCheck): built once per class and read-only, so that the
// threads of check_flows share it and each keeps only its search's marks.
struct LatencyArcs {
  explicit LatencyArcs(const FlowSpace& space);
  struct Arc {
    VertexIndex vertex;   // the other end
    std::uint32_t width;  // the rank of the link's bandwidth in the widths (their count: unlimited)
    double latency_ms;
  };
  // The searches' own numbering of the graph's vertices (live ones first): inner[v] for
  // vertex v of the graph, outer[i] back. Every array below is indexed by it.
  std::vector<VertexIndex> inner, outer;
  std::vector<std::uint8_t> dead_end;       // per vertex: all its arcs join one other vertex
  // Per side (0 from the source along edges, 1 from the targets against them): the arcs
  // of v are arcs[start[v], start[v + 1]), those into live vertices before live_end[v].
  std::vector<std::uint32_t> start[2], live_end[2];
  std::vector<Arc> arcs[2];
  std::vector<LinkIndex> arc_link[2];       // the link of each arc, read only for routes
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
  enum class Reach { within, slower, unreachable };
  Reach reach(NodeIndex a, Span<NodeIndex> targets, double threshold, double max_latency_ms,
              ProductRoute* fastest = nullptr);
  // Arcs scanned by every search so far: what the searches have cost.
  std::uint64_t work() const { return work_; }
  // The arcs of the product graph (each edge once).
  std::size_t arc_count() const { return arcs_[0].size(); }
  // The fastest route (empty vertices when there is none), by the same search run until
  // the frontiers pass the best route found.
  ProductRoute fastest(NodeIndex a, Span<NodeIndex> targets, double threshold);
  // The widest route (whose narrowest link is widest), by the same two-sided search in
  // the (max, min) semiring; empty vertices when there is none.
  ProductRoute widest(NodeIndex a, Span<NodeIndex> targets);

 private:
  using Arc = LatencyArcs::Arc;
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
  // The graph as the searches read it (see LatencyArcs), and its parts by their old names.
  std::shared_ptr<const LatencyArcs> graph_;
  const std::vector<VertexIndex>& inner_;
  const std::vector<VertexIndex>& outer_;
  const std::vector<std::uint8_t>& dead_end_;
  const std::vector<std::uint32_t> (&start_)[2];
  const std::vector<std::uint32_t> (&live_end_)[2];
  const std::vector<Arc> (&arcs_)[2];
  const std::vector<LinkIndex> (&arc_link_)[2];
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

}  // namespace detail
}  // namespace v1
}  // namespace clearance
