// Hop-count-shortest plain paths, two-sided (see plain_paths.hpp).
#include "plain_paths.hpp"

#include "flow_space.hpp"
#include "live_first.hpp"

#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <tuple>

namespace clearance {
inline namespace v1 {
namespace detail {

const PlainPaths::Adjacency& PlainPaths::adjacency(int side, bool directed) {
  const std::size_t n = model_.nodes().size();
  if (dead_end_.size() != n) {
    // Dead ends (hosts or edge devices on a single uplink) lie on no shortest path: they
    // are reached only as the source or a target.
    auto for_each_link = [&](auto visit) {
      for (const Link& link : model_.links()) visit(link.from, link.to);
    };
    number_live_first(n, for_each_link, inner_, outer_, dead_end_);
    // The parts of the estate that links join at all (Boost's union-find): a search
    // between two of them would exhaust the smaller before it could say so.
    // (Property maps of Boost's own types: with raw pointers, the get() that the CSR graph
    // headers declare in boost::detail hides the one for pointers.)
    std::vector<std::uint32_t> rank(n, 0), parent(n, 0);
    const boost::typed_identity_property_map<std::uint32_t> index;
    auto rank_map = boost::make_iterator_property_map(rank.begin(), index);
    auto parent_map = boost::make_iterator_property_map(parent.begin(), index);
    boost::disjoint_sets<decltype(rank_map), decltype(parent_map)> sets(rank_map, parent_map);
    for (NodeIndex v = 0; v < n; ++v) sets.make_set(v);
    for (const Link& link : model_.links()) sets.union_set(link.from, link.to);
    component_.resize(n);
    for (NodeIndex v = 0; v < n; ++v) component_[inner_[v]] = static_cast<std::uint32_t>(sets.find_set(v));
  }
  // [0] along link directions, [1] against them, [2] either way.
  const int which = directed ? side : 2;
  Adjacency& built = adjacency_[which];
  if (built.start.size() != n + 1) {
    const auto& links = model_.links();
    // The crossings each side may take: (from, to, link), in link order.
    std::vector<std::tuple<NodeIndex, NodeIndex, LinkIndex>> crossings;
    for (LinkIndex l = 0; l < links.size(); ++l) {
      const Link& link = links[l];
      const bool both_ways = which == 2 || !link.is_one_way();
      const NodeIndex from = inner_[link.from], to = inner_[link.to];
      if (which == 1) {  // the reverse of each crossing
        crossings.emplace_back(to, from, l);
        if (both_ways) crossings.emplace_back(from, to, l);
      } else {
        crossings.emplace_back(from, to, l);
        if (both_ways) crossings.emplace_back(to, from, l);
      }
    }
    built.start.assign(n + 1, 0);
    built.live_end.assign(n, 0);
    std::vector<std::uint32_t> live(n, 0);
    for (const auto& [from, to, link] : crossings) {
      ++built.start[from + 1];
      live[from] += !dead_end_[to];
    }
    for (std::size_t v = 0; v < n; ++v) {
      built.start[v + 1] += built.start[v];
      built.live_end[v] = built.start[v] + live[v];
    }
    built.to.resize(crossings.size());
    built.link.resize(crossings.size());
    std::vector<std::uint32_t> next_live(built.start.begin(), built.start.end() - 1);
    std::vector<std::uint32_t> next_dead(built.live_end);
    for (const auto& [from, to, link] : crossings) {
      const std::uint32_t k = dead_end_[to] ? next_dead[from]++ : next_live[from]++;
      built.to[k] = to;
      built.link[k] = link;
    }
  }
  return built;
}

std::pair<std::vector<NodeIndex>, std::vector<LinkIndex>> PlainPaths::shortest(NodeIndex a, Span<NodeIndex> targets,
                                                                               bool directed) {
  std::pair<std::vector<NodeIndex>, std::vector<LinkIndex>> path;
  if (targets.empty()) return path;
  const std::size_t n = model_.nodes().size();
  const Adjacency* sides[2] = {&adjacency(0, directed), &adjacency(1, directed)};
  for (int side = 0; side < 2; ++side) {
    if (depth_[side].size() != n) {
      depth_[side].assign(n, none);
      parent_[side].assign(n, none);
      parent_link_[side].assign(n, none);
      has_exit_[side].assign(n, 0);
    }
    frontier_[side].clear();
  }
  auto discover = [&](int side, NodeIndex v, std::uint32_t depth, NodeIndex from, LinkIndex link) {
    depth_[side][v] = depth;
    parent_[side][v] = from;
    parent_link_[side][v] = link;
    touched_[side].push_back(v);
    frontier_[side].push_back(v);
  };
  a = inner_[a];
  bool joined = false;
  for (NodeIndex target : targets) joined = joined || component_[inner_[target]] == component_[a];
  if (!joined) return path;  // no chain of links at all, either way
  discover(0, a, 0, none, none);
  for (NodeIndex target : targets) {
    const NodeIndex b = inner_[target];
    if (depth_[1][b] == none) discover(1, b, 0, none, none);
  }
  // A dead end one side starts from is reached by the other only from its one neighbour,
  // over the crossings the other side skips: it checks them as exits when it expands the
  // neighbour instead. They are the dead end's own crossings, turned round.
  for (int side = 0; side < 2; ++side)
    for (NodeIndex x : touched_[side]) {
      if (!dead_end_[x]) continue;
      const Adjacency& own = *sides[side];
      for (std::uint32_t k = own.start[x]; k < own.start[x + 1]; ++k) {
        exits_[1 - side].push_back(Exit{own.to[k], x, own.link[k]});
        has_exit_[1 - side][own.to[k]] = 1;
      }
    }
  // Level by level, the smaller frontier first. The first level at which the two sides
  // meet holds every shortest path's meeting nodes: of those, the one with the least
  // total depth and then the lowest index decides, so the path does not depend on the
  // order in which a level is expanded.
  NodeIndex meet = depth_[1][a] != none ? a : none;  // a is a target: the empty path
  std::uint32_t level[2] = {0, 0};
  std::vector<NodeIndex>& next = next_;
  while (meet == none && !frontier_[0].empty() && !frontier_[1].empty()) {
    const int side = frontier_[0].size() <= frontier_[1].size() ? 0 : 1;
    const Adjacency& g = *sides[side];
    next.clear();
    std::swap(next, frontier_[side]);
    ++level[side];
    std::uint32_t best = none;
    auto reach = [&](NodeIndex u, NodeIndex v, LinkIndex link) {
      if (depth_[side][v] != none) return;
      discover(side, v, level[side], u, link);
      if (depth_[1 - side][v] == none) return;
      const std::uint32_t total = level[side] + depth_[1 - side][v];
      if (total < best || (total == best && meet != none && outer_[v] < outer_[meet])) {
        best = total;
        meet = v;
      }
    };
    for (NodeIndex u : next) {
      if (has_exit_[side][u])
        for (const Exit& exit : exits_[side])
          if (exit.from == u) reach(u, exit.to, exit.link);
      for (std::uint32_t k = g.start[u]; k < g.live_end[u]; ++k) reach(u, g.to[k], g.link[k]);
    }
  }
  if (meet != none) {
    const std::size_t length = std::size_t{1} + depth_[0][meet] + depth_[1][meet];
    path.first.reserve(length);
    path.second.reserve(length - 1);
    for (NodeIndex v = meet; v != none; v = parent_[0][v]) {
      path.first.push_back(outer_[v]);
      if (parent_[0][v] != none) path.second.push_back(parent_link_[0][v]);
    }
    std::reverse(path.first.begin(), path.first.end());
    std::reverse(path.second.begin(), path.second.end());
    for (NodeIndex v = meet; parent_[1][v] != none; v = parent_[1][v]) {
      path.first.push_back(outer_[parent_[1][v]]);
      path.second.push_back(parent_link_[1][v]);
    }
  }
  for (int side = 0; side < 2; ++side) {
    for (NodeIndex v : touched_[side]) depth_[side][v] = none;
    touched_[side].clear();
    for (const Exit& exit : exits_[side]) has_exit_[side][exit.from] = 0;
    exits_[side].clear();
  }
  return path;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
