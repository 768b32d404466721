// The two-sided latency search over a product graph (see latency_check.hpp).
#include "latency_check.hpp"

#include "live_first.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

LatencyArcs::LatencyArcs(const FlowSpace& space) {
  const std::vector<double>& widths = space.widths();
  const std::size_t vertex_count = space.vertex_count();
  // The graph's arcs, listed once (the passes below read them three times, and listing
  // an arc of the implicit graph costs more than reading it).
  std::vector<std::pair<VertexIndex, VertexIndex>> listed;
  std::vector<LinkIndex> links;
  for (VertexIndex u = 0; u < vertex_count; ++u)
    space.for_each_out(u, [&](VertexIndex v, LinkIndex l) {
      listed.emplace_back(u, v);
      links.push_back(l);
    });
  // Dead ends (hosts or edge devices on a single uplink) lie on no shortest or widest
  // route: the searches label them only as the source or a target.
  auto for_each_arc = [&](auto visit) {
    for (const auto& [u, v] : listed) visit(u, v);
  };
  number_live_first(vertex_count, for_each_arc, inner, outer, dead_end);
  // Every edge, u -> v, in the graph's order, with the ends numbered as the searches do.
  auto for_each_edge = [&](auto visit) {
    for (std::size_t k = 0; k < listed.size(); ++k) {
      const Link& link = space.link(links[k]);
      visit(inner[listed[k].first], inner[listed[k].second],
            ProductEdge{links[k], link.latency_ms, link.bandwidth_mbps});
    }
  };

  // Side 0 keeps each edge u -> v at u, side 1 at v (pointing back to u). A vertex's arcs
  // into live vertices come first, so that a search scans only those.
  std::vector<std::uint32_t> live[2];
  for (int side = 0; side < 2; ++side) {
    start[side].assign(vertex_count + 1, 0);
    live[side].assign(vertex_count, 0);
  }
  for_each_edge([&](VertexIndex u, VertexIndex v, const ProductEdge&) {
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
  for_each_edge([&](VertexIndex u, VertexIndex v, const ProductEdge& edge) {
    const VertexIndex ends[2] = {u, v};
    const auto width = static_cast<std::uint32_t>(
        std::lower_bound(widths.begin(), widths.end(), edge.bandwidth_mbps) - widths.begin());
    for (int side = 0; side < 2; ++side) {
      const VertexIndex at = ends[side], to = ends[1 - side];
      const std::uint32_t k = dead_end[to] ? next_dead[side][at]++ : next_live[side][at]++;
      arcs[side][k] = Arc{to, width, edge.latency_ms};
      arc_link[side][k] = edge.link;
    }
  });
}

LatencyCheck::LatencyCheck(const FlowSpace& space) : LatencyCheck(space, std::make_shared<const LatencyArcs>(space)) {}

LatencyCheck::LatencyCheck(const FlowSpace& space, std::shared_ptr<const LatencyArcs> arcs)
    : space_(space), widths_(space.widths()), graph_(std::move(arcs)), inner_(graph_->inner), outer_(graph_->outer),
      dead_end_(graph_->dead_end), start_(graph_->start), live_end_(graph_->live_end), arcs_(graph_->arcs),
      arc_link_(graph_->arc_link) {
  const std::size_t vertex_count = space.vertex_count();
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
  ProductRoute route = trace(0);  // (trace() reads infinity as no route; here it is an unlimited one)
  route.figure = best;
  return route;
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

}  // namespace detail
}  // namespace v1
}  // namespace clearance
