// The two-sided latency search over a product graph (see latency_check.hpp).
#include "latency_check.hpp"

#include "live_first.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

LatencyArcs::LatencyArcs(const FlowSpace& space_in, std::size_t explicit_budget_bytes,
                         std::size_t scratch_budget_bytes)
    : space(space_in) {
  const std::vector<double>& widths = space.widths();
  const std::size_t vertex_count = space.vertex_count();
  // One pass over the arcs, listing none: how many, which vertices are dead ends (hosts or
  // edge devices on a single uplink lie on no shortest or widest route: the searches
  // label them only as the source or a target), and which some arc enters.
  entered.assign((vertex_count + 63) / 64, 0);
  const std::vector<std::uint8_t> dead = dead_ends(vertex_count, [&](auto visit) {
    for (VertexIndex u = 0; u < vertex_count; ++u)
      space.for_each_out(u, [&](VertexIndex v, LinkIndex) {
        ++arc_count;
        entered[v / 64] |= std::uint64_t{1} << (v % 64);
        visit(u, v);
      });
  });
  const std::size_t explicit_bytes = arc_count * 2 * (sizeof(Arc) + sizeof(LinkIndex)) +
                                     vertex_count * (2 * sizeof(VertexIndex) + 1 + 4 * sizeof(std::uint32_t));
  is_explicit = explicit_bytes <= explicit_budget_bytes;
  const std::size_t scratch_bytes = vertex_count * (sizeof(LatencyMarks) + 2);
  own_ = scratch_bytes <= scratch_budget_bytes / 2;
  kept_bits_.reset(new std::atomic<std::uint64_t>[kept_bit_count / 64]);
  for (std::size_t w = 0; w < kept_bit_count / 64; ++w) kept_bits_[w].store(0, std::memory_order_relaxed);
  capacity_ = own_ ? std::numeric_limits<std::size_t>::max() : std::max<std::size_t>(1, scratch_budget_bytes / scratch_bytes);
  // Per link, the rank of its width: looked up once, not once per arc.
  std::vector<std::uint32_t> rank_of_link(space.link_count());
  for (LinkIndex l = 0; l < rank_of_link.size(); ++l)
    rank_of_link[l] = static_cast<std::uint32_t>(
        std::lower_bound(widths.begin(), widths.end(), space.link(l).bandwidth_mbps) - widths.begin());
  if (!is_explicit) {
    dead_end = dead;
    link_width = std::move(rank_of_link);
    return;
  }
  entered = {};

  // Every edge, u -> v, in the graph's order, with the ends numbered as the searches do.
  // A space whose arcs fit this budget has usually listed them (its default budget is
  // larger per arc and per vertex), so the two passes below read its list.
  number_live_first(dead, inner, outer, dead_end);
  auto for_each_edge = [&](auto visit) {
    for (VertexIndex u = 0; u < vertex_count; ++u)
      space.for_each_out(u, [&](VertexIndex v, LinkIndex l) { visit(inner[u], inner[v], l); });
  };

  // Side 0 keeps each edge u -> v at u, side 1 at v (pointing back to u). A vertex's arcs
  // into live vertices come first, so that a search scans only those.
  std::vector<std::uint32_t> live[2];
  for (int side = 0; side < 2; ++side) {
    start[side].assign(vertex_count + 1, 0);
    live[side].assign(vertex_count, 0);
  }
  for_each_edge([&](VertexIndex u, VertexIndex v, LinkIndex) {
    ++start[0][u + 1];
    ++start[1][v + 1];
    live[0][u] += !dead_end[v];
    live[1][v] += !dead_end[u];
  });
  for (int side = 0; side < 2; ++side) {
    for (std::size_t v = 0; v < vertex_count; ++v) start[side][v + 1] += start[side][v];
    live_end[side].resize(vertex_count);
    for (std::size_t v = 0; v < vertex_count; ++v) live_end[side][v] = start[side][v] + live[side][v];
    arcs[side].resize(start[side][vertex_count]);
    arc_link[side].resize(arcs[side].size());
  }
  std::vector<std::uint32_t> next_live[2] = {{start[0].begin(), start[0].end() - 1},
                                             {start[1].begin(), start[1].end() - 1}};
  std::vector<std::uint32_t> next_dead[2] = {live_end[0], live_end[1]};
  for_each_edge([&](VertexIndex u, VertexIndex v, LinkIndex l) {
    const VertexIndex ends[2] = {u, v};
    const Arc arc{0, rank_of_link[l], space.link(l).latency_ms};
    for (int side = 0; side < 2; ++side) {
      const VertexIndex at = ends[side], to = ends[1 - side];
      const std::uint32_t k = dead_end[to] ? next_dead[side][at]++ : next_live[side][at]++;
      arcs[side][k] = arc;
      arcs[side][k].vertex = to;
      arc_link[side][k] = l;
    }
  });
}

std::unique_ptr<LatencyScratch> LatencyArcs::borrow() const {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [&] { return !free_.empty() || lent_ < capacity_; });
    ++lent_;
    if (!free_.empty()) {
      std::unique_ptr<LatencyScratch> scratch = std::move(free_.back());
      free_.pop_back();
      return scratch;
    }
  }
  // A new one, made outside the lock. Should it fail, the one it would be is not lent.
  try {
    auto scratch = std::make_unique<LatencyScratch>();
    const std::size_t vertex_count = space.vertex_count();
    scratch->marks.assign(vertex_count, LatencyMarks{{LatencyMark{infinity, none, none}, LatencyMark{infinity, none, none}}});
    for (int side = 0; side < 2; ++side) scratch->has_exit[side].assign(vertex_count, 0);
    return scratch;
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void LatencyArcs::give_back(std::unique_ptr<LatencyScratch> scratch) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --lent_;
    if (scratch) free_.push_back(std::move(scratch));
  }
  returned_.notify_one();
}

// The explicit graph as the searches read it: a vertex's arcs on a side are a range of
// records, and an arc is known by its index there.
class LatencyCheck::ExplicitArcs {
 public:
  explicit ExplicitArcs(const LatencyArcs& g) : g_(g) {}
  VertexIndex inner(VertexIndex v) const { return g_.inner[v]; }
  VertexIndex outer(VertexIndex i) const { return g_.outer[i]; }
  bool dead_end(VertexIndex i) const { return g_.dead_end[i] != 0; }
  bool entered(VertexIndex i) const { return g_.start[1][i] != g_.start[1][i + 1]; }
  LinkIndex link(int side, std::uint32_t arc) const { return g_.arc_link[side][arc]; }
  // visit(w, width rank, latency, arc) for the arcs of u on `side` into live vertices, in
  // order; returns how many.
  template <typename Visit>
  std::uint32_t live(int side, VertexIndex u, Visit visit) const {
    const Arc* arcs = g_.arcs[side].data();
    const std::uint32_t begin = g_.start[side][u], end = g_.live_end[side][u];
    for (std::uint32_t k = begin; k < end; ++k) visit(arcs[k].vertex, arcs[k].width, arcs[k].latency_ms, k);
    return end - begin;
  }
  // The same for all its arcs: those into live vertices, then those into dead ends.
  template <typename Visit>
  void all(int side, VertexIndex u, Visit visit) const {
    const Arc* arcs = g_.arcs[side].data();
    for (std::uint32_t k = g_.start[side][u]; k < g_.start[side][u + 1]; ++k)
      visit(arcs[k].vertex, arcs[k].width, arcs[k].latency_ms, k);
  }

 private:
  const LatencyArcs& g_;
};

// The implicit graph: a vertex's arcs listed from the FlowSpace in the explicit order, the
// graph's own numbering, and an arc known by its link.
class LatencyCheck::ImplicitArcs {
 public:
  explicit ImplicitArcs(const LatencyArcs& g) : g_(g), space_(g.space) {}
  VertexIndex inner(VertexIndex v) const { return v; }
  VertexIndex outer(VertexIndex i) const { return i; }
  bool dead_end(VertexIndex i) const { return g_.dead_end[i] != 0; }
  bool entered(VertexIndex i) const { return (g_.entered[i / 64] >> (i % 64)) & 1u; }
  LinkIndex link(int, std::uint32_t arc) const { return arc; }
  template <typename Visit>
  std::uint32_t live(int side, VertexIndex u, Visit visit) const {
    std::uint32_t count = 0;
    each(side, u, [&](VertexIndex w, LinkIndex l) {
      if (g_.dead_end[w]) return;
      ++count;
      visit(w, g_.link_width[l], space_.link(l).latency_ms, l);
    });
    return count;
  }
  template <typename Visit>
  void all(int side, VertexIndex u, Visit visit) const {
    for (const std::uint8_t dead : {std::uint8_t{0}, std::uint8_t{1}})
      each(side, u, [&](VertexIndex w, LinkIndex l) {
        if (g_.dead_end[w] == dead) visit(w, g_.link_width[l], space_.link(l).latency_ms, l);
      });
  }

 private:
  template <typename Visit>
  void each(int side, VertexIndex u, Visit visit) const {
    if (side == 0) space_.for_each_out(u, visit);
    else space_.for_each_in(u, visit);
  }
  const LatencyArcs& g_;
  const FlowSpace& space_;
};

LatencyCheck::LatencyCheck(const FlowSpace& space) : LatencyCheck(space, std::make_shared<const LatencyArcs>(space)) {}

LatencyCheck::LatencyCheck(const FlowSpace& space, std::shared_ptr<const LatencyArcs> arcs)
    : space_(space), widths_(space.widths()), graph_(std::move(arcs)) {}

LatencyCheck::~LatencyCheck() {
  // Arrays left marked by a search an exception ended are dropped, not lent again.
  if (scratch_ || searching_) graph_->give_back(searching_ ? nullptr : std::move(scratch_));
}

void LatencyCheck::acquire() {
  if (!scratch_) {
    scratch_ = graph_->borrow();
    marks_ = scratch_->marks.data();
    for (int side = 0; side < 2; ++side) has_exit_[side] = scratch_->has_exit[side].data();
  }
  searching_ = true;
}

void LatencyCheck::release() {
  searching_ = false;
  if (graph_->scratch_is_own()) return;
  graph_->give_back(std::move(scratch_));
  marks_ = nullptr;
  has_exit_[0] = has_exit_[1] = nullptr;
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

template <typename G>
void LatencyCheck::start(const G& g, VertexIndex source, Span<NodeIndex> targets) {
  scanned_[0] = scanned_[1] = 0;
  label(0, source, 0, none, none);
  for (NodeIndex b : targets)
    for (StateIndex s = 0; s < space_.state_count(); ++s) {
      const VertexIndex v = g.inner(space_.vertex(b, s));
      if (g.entered(v)) label(1, v, 0, none, none);  // else b cannot hold s
    }
  // A dead end one side starts from is reached by the other only over the arcs from its
  // one neighbour, which that side skips: it checks them as exits when it settles the
  // neighbour instead. They are the dead end's own arcs on its side, turned round.
  for (int side = 0; side < 2; ++side)
    for (VertexIndex x : touched_[side]) {
      if (!g.dead_end(x)) continue;
      g.all(side, x, [&](VertexIndex w, std::uint32_t width, double latency_ms, std::uint32_t arc) {
        exits_[1 - side].push_back(Exit{w, x, width, latency_ms, g.link(side, arc)});
        has_exit_[1 - side][w] = 1;
      });
    }
  best_ = infinity;
}

template <typename G>
double LatencyCheck::advance(const G& g, std::uint32_t rank, double limit) {
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
    // Named, not a structured binding: C++17 does not let a lambda capture a binding (clang refuses).
    const std::pair<double, std::uint32_t> popped = queue_[side].pop();
    const double d = popped.first;
    const std::uint32_t u = popped.second;
    if (d > marks_[u].side[side].value) continue;  // a stale entry
    if (has_exit_[side][u])
      for (const Exit& exit : exits_[side])
        if (exit.from == u && exit.width >= rank && d + exit.latency_ms < best_) {
          best_ = d + exit.latency_ms;
          meet_from_ = side == 0 ? u : exit.to;
          meet_to_ = side == 0 ? exit.to : u;
          meet_link_ = exit.link;
        }
    const double facing = queue_[1 - side].empty() ? 0 : queue_[1 - side].top();  // the other frontier
    const std::uint32_t scanned =
        g.live(side, u, [&](VertexIndex w, std::uint32_t width, double latency_ms, std::uint32_t arc) {
          if (width < rank) return;
          const double reached = d + latency_ms;
          const Marks& there = marks_[w];
          if (reached < there.side[side].value) {
            // A route through the vertex needs at least the other frontier from it (unless
            // the other side settled it, and then the route is counted just below): skip
            // the vertex when that cannot beat the best route found. One that cannot be
            // within the limit is labelled but set aside, not searched from: a search that
            // fails the limit may go on, without it, to the least latency, and then needs it.
            const double bound = reached + facing;
            if (bound < best_) {
              if (limit < 0 || bound <= limit) {
                label(side, w, reached, u, arc);
              } else {
                Mark& mark = marks_[w].side[side];
                if (mark.value == infinity) touched_[side].push_back(w);
                mark = Mark{reached, u, arc};
                deferred_[side].push_back(w);
              }
            }
          }
          const double beyond = there.side[1 - side].value;
          if (beyond != infinity && reached + beyond < best_) {
            best_ = reached + beyond;
            // The arc runs u -> w forwards; backwards it is w -> u.
            meet_from_ = side == 0 ? u : w;
            meet_to_ = side == 0 ? w : u;
            meet_link_ = g.link(side, arc);
          }
        });
    scanned_[side] += scanned + 1;
    work_ += scanned + 1;
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

std::size_t LatencyQuestion::hash() const {
  const LatencyQuestion& q = *this;
  // splitmix64's finaliser over the fields folded together: questions differ mostly in
  // their vertex and target nodes (a few: the replicas of a workload).
  std::uint64_t limit_bits = 0;
  std::memcpy(&limit_bits, &q.limit, sizeof limit_bits);
  std::uint64_t nodes = 0;
  for (std::size_t k = 0; k < q.target_count; ++k) nodes = (nodes ^ q.targets[k]) * 0x100000001B3ull;
  std::uint64_t z = (std::uint64_t{q.from} << 32 | q.rank) ^ nodes * 31 ^ q.target_count * 0x9E3779B97F4A7C15ull ^
                    limit_bits * 7;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<std::size_t>(z ^ (z >> 31));
}

bool LatencyArcs::find_kept(const LatencyQuestion& question, std::size_t hash, LatencyAnswer& out) const {
  const std::size_t bit = hash % kept_bit_count;
  if (((kept_bits_[bit / 64].load(std::memory_order_acquire) >> (bit % 64)) & 1u) == 0) return false;
  std::lock_guard<std::mutex> lock(kept_mutex_);
  const auto kept = kept_.find(question);
  if (kept == kept_.end()) return false;
  out = kept->second;
  return true;
}

void LatencyArcs::keep(const LatencyQuestion& question, std::size_t hash, const LatencyAnswer& answer) const {
  const std::size_t bit = hash % kept_bit_count;
  std::lock_guard<std::mutex> lock(kept_mutex_);
  kept_.insert_or_assign(question, answer);
  kept_bits_[bit / 64].fetch_or(std::uint64_t{1} << (bit % 64), std::memory_order_release);
}

template <typename G>
const LatencyAnswer& LatencyCheck::answer(const G& g, VertexIndex from, Span<NodeIndex> targets, std::uint32_t rank,
                                          double limit, double offset) {
  const LatencyQuestion question{from, rank, targets.data(), targets.size(), limit};
  const std::size_t hash = question.hash();
  auto answered = [&] {
    return graph_->find_kept(question, hash, found_) && (found_.exact || found_.value + offset <= limit);
  };
  if (answered()) return found_;
  acquire();
  // Another thread may have kept the answer while this one waited for the arrays.
  if (!graph_->scratch_is_own() && answered()) {
    release();
    return found_;
  }
  start(g, from, targets);
  double least = advance(g, rank, limit);
  // The search stops at the first route within the limit; whether anything is slower,
  // and what is fastest, is certain only once it has run to the end.
  if (least != infinity && least + offset <= limit) {
    found_.value = least;
    found_.exact = false;
    found_.route.vertices.clear();
    found_.route.links.clear();
    found_.traced = trace_within_;
    if (trace_within_) trace_links(g, found_.route.links);
  } else {
    least = advance(g, rank, -1);
    found_.value = least;
    found_.exact = true;
    found_.traced = false;
    found_.route = trace(g, least);
  }
  finish();
  release();
  graph_->keep(question, hash, found_);
  return found_;
}

LatencyCheck::Reach LatencyCheck::reach(NodeIndex a, Span<NodeIndex> targets, double threshold,
                                        double max_latency_ms, ProductRoute* fastest,
                                        std::vector<LinkIndex>* within) {
  trace_within_ = within != nullptr;
  if (graph_->is_explicit)
    return reach_in(ExplicitArcs(*graph_), a, targets, threshold, max_latency_ms, fastest, within);
  return reach_in(ImplicitArcs(*graph_), a, targets, threshold, max_latency_ms, fastest, within);
}

ProductRoute LatencyCheck::fastest(NodeIndex a, Span<NodeIndex> targets, double threshold) {
  if (graph_->is_explicit) return fastest_in(ExplicitArcs(*graph_), a, targets, threshold);
  return fastest_in(ImplicitArcs(*graph_), a, targets, threshold);
}

ProductRoute LatencyCheck::widest(NodeIndex a, Span<NodeIndex> targets) {
  if (graph_->is_explicit) return widest_in(ExplicitArcs(*graph_), a, targets);
  return widest_in(ImplicitArcs(*graph_), a, targets);
}

template <typename G>
LatencyCheck::Reach LatencyCheck::reach_in(const G& g, NodeIndex a, Span<NodeIndex> targets, double threshold,
                                           double max_latency_ms, ProductRoute* fastest,
                                           std::vector<LinkIndex>* within) {
  if (within != nullptr) within->clear();
  if (contains_node(targets, a)) return Reach::within;
  const std::uint32_t rank = rank_of(threshold);  // arcs of a lower rank are too narrow
  const VertexIndex source = g.inner(space_.vertex(a, 0));
  VertexIndex from = source;
  double offset = 0;  // the latency from the source to `from`
  LinkIndex uplink = 0;
  if (g.dead_end(source)) {
    // Every route from a dead end starts with an arc to its one neighbour: the fastest
    // that carries the threshold, then whatever is fastest from there.
    offset = infinity;
    g.all(0, source, [&](VertexIndex w, std::uint32_t width, double latency_ms, std::uint32_t arc) {
      if (width >= rank && latency_ms < offset) {
        offset = latency_ms;
        from = w;
        uplink = g.link(0, arc);
      }
    });
    if (offset == infinity) return Reach::unreachable;
  }
  // The route to `from`, and a witness that starts at the source.
  auto route_from_source = [&](ProductRoute route, double least) {
    if (from != source) {
      route.vertices.insert(route.vertices.begin(), g.outer(source));
      route.links.insert(route.links.begin(), uplink);
    }
    route.figure = least;
    return route;
  };
  // The links of a route within the limit: the uplink (when the source is a dead end),
  // then `route` from `from` (null: none, the uplink reaches a target); none known when
  // the answer came without its route.
  auto within_route = [&](const LatencyAnswer* answer) {
    if (within == nullptr || (answer != nullptr && !answer->exact && !answer->traced)) return Reach::within;
    if (from != source) within->push_back(uplink);
    if (answer != nullptr) within->insert(within->end(), answer->route.links.begin(), answer->route.links.end());
    return Reach::within;
  };
  if (from != source && contains_node(targets, space_.node_of(g.outer(from)))) {
    // The uplink's other end hosts the target: the route is the uplink.
    if (offset <= max_latency_ms) return within_route(nullptr);
    if (fastest != nullptr) *fastest = route_from_source(ProductRoute{{g.outer(from)}, {}, 0}, offset);
    return Reach::slower;
  }
  const LatencyAnswer& found = answer(g, from, targets, rank, max_latency_ms, offset);
  if (!found.exact) return within_route(&found);  // a route within limit - offset
  if (found.value == infinity) return Reach::unreachable;
  if (found.value + offset <= max_latency_ms) return within_route(&found);
  if (fastest != nullptr) *fastest = route_from_source(found.route, found.value + offset);
  return Reach::slower;
}

template <typename G>
ProductRoute LatencyCheck::fastest_in(const G& g, NodeIndex a, Span<NodeIndex> targets, double threshold) {
  if (contains_node(targets, a)) return ProductRoute{{space_.vertex(a, 0)}, {}, 0};
  acquire();
  start(g, g.inner(space_.vertex(a, 0)), targets);
  ProductRoute route = trace(g, advance(g, rank_of(threshold), -1));
  finish();
  release();
  return route;
}

template <typename G>
ProductRoute LatencyCheck::widest_in(const G& g, NodeIndex a, Span<NodeIndex> targets) {
  if (contains_node(targets, a)) return ProductRoute{{space_.vertex(a, 0)}, {}, infinity};
  acquire();
  std::vector<double>(&width)[2] = scratch_->width;
  if (width[0].empty())
    for (int side = 0; side < 2; ++side) width[side].assign(space_.vertex_count(), 0);
  // As advance(), with max for + and min for the sum: labels are bottlenecks, the heaps
  // are max-heaps, and no route left is wider than the narrower of the two tops. Every
  // arc is scanned, dead ends included (they are labelled only as starts), so no exits.
  auto mark = [&](int side, VertexIndex v, double bottleneck, VertexIndex from, std::uint32_t arc) {
    if (width[side][v] == 0) touched_[side].push_back(v);
    width[side][v] = bottleneck;
    marks_[v].side[side].previous = from;
    marks_[v].side[side].arc = arc;
    widest_queue_[side].emplace_back(bottleneck, v);
    std::push_heap(widest_queue_[side].begin(), widest_queue_[side].end());
  };
  mark(0, g.inner(space_.vertex(a, 0)), infinity, none, none);
  for (NodeIndex b : targets)
    for (StateIndex s = 0; s < space_.state_count(); ++s) {
      const VertexIndex v = g.inner(space_.vertex(b, s));
      if (g.entered(v)) mark(1, v, infinity, none, none);
    }
  double best = 0;  // the bottleneck of the widest route found so far
  while (!widest_queue_[0].empty() && !widest_queue_[1].empty()) {
    if (std::min(widest_queue_[0].front().first, widest_queue_[1].front().first) <= best) break;
    const int side = widest_queue_[0].size() <= widest_queue_[1].size() ? 0 : 1;
    std::pop_heap(widest_queue_[side].begin(), widest_queue_[side].end());
    const double w = widest_queue_[side].back().first;  // named: a lambda below captures it
    const VertexIndex u = widest_queue_[side].back().second;
    widest_queue_[side].pop_back();
    if (w < width[side][u]) continue;  // a stale entry
    const std::vector<double>& other = width[1 - side];
    g.all(side, u, [&](VertexIndex v, std::uint32_t rank, double, std::uint32_t arc) {
      const double reached = std::min(w, width_of(rank));
      if (!g.dead_end(v) && reached > width[side][v]) {
        const auto& facing = widest_queue_[1 - side];
        const double bound = std::min(reached, facing.empty() ? infinity : facing.front().first);
        if (bound > best) mark(side, v, reached, u, arc);
      }
      if (other[v] > 0 && std::min(reached, other[v]) > best) {
        best = std::min(reached, other[v]);
        meet_from_ = side == 0 ? u : v;
        meet_to_ = side == 0 ? v : u;
        meet_link_ = g.link(side, arc);
      }
    });
  }
  for (int side = 0; side < 2; ++side) {
    for (VertexIndex v : touched_[side]) width[side][v] = 0;
    touched_[side].clear();
    widest_queue_[side].clear();
  }
  ProductRoute route;
  if (best > 0) {
    route = trace(g, 0);  // (trace() reads infinity as no route; here it is an unlimited one)
    route.figure = best;
  }
  release();
  return route;
}

template <typename G>
ProductRoute LatencyCheck::trace(const G& g, double least) const {
  ProductRoute route;
  if (least == infinity) return route;
  for (VertexIndex v = meet_from_; v != none; v = marks_[v].side[0].previous) {
    route.vertices.push_back(g.outer(v));
    if (marks_[v].side[0].previous != none) route.links.push_back(g.link(0, marks_[v].side[0].arc));
  }
  std::reverse(route.vertices.begin(), route.vertices.end());
  std::reverse(route.links.begin(), route.links.end());
  route.links.push_back(meet_link_);
  for (VertexIndex v = meet_to_; v != none; v = marks_[v].side[1].previous) {
    route.vertices.push_back(g.outer(v));
    if (marks_[v].side[1].previous != none) route.links.push_back(g.link(1, marks_[v].side[1].arc));
  }
  route.figure = least;
  return route;
}

template <typename G>
void LatencyCheck::trace_links(const G& g, std::vector<LinkIndex>& links) const {
  links.push_back(meet_link_);
  for (VertexIndex v = meet_from_; marks_[v].side[0].previous != none; v = marks_[v].side[0].previous)
    links.push_back(g.link(0, marks_[v].side[0].arc));
  for (VertexIndex v = meet_to_; marks_[v].side[1].previous != none; v = marks_[v].side[1].previous)
    links.push_back(g.link(1, marks_[v].side[1].arc));
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
