// Internal: dead ends, and the searches' own numbering of a graph with the live vertices
// first. Shared by the latency search (over a product graph) and the plain paths (over
// the nodes). Not installed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Per vertex of `count`, whether it is a dead end: its edges, either way, all join one
// other vertex. `for_each_edge(visit)` calls visit(u, v) for every edge u -> v.
template <typename ForEachEdge>
std::vector<std::uint8_t> dead_ends(std::size_t count, ForEachEdge for_each_edge) {
  constexpr std::uint32_t unjoined = 0xFFFFFFFFu, several = unjoined - 1;
  std::vector<std::uint32_t> only(count, unjoined);  // the one vertex joined so far
  auto join = [&](std::uint32_t v, std::uint32_t u) { only[v] = only[v] == unjoined || only[v] == u ? u : several; };
  for_each_edge([&](std::uint32_t u, std::uint32_t v) {
    join(u, v);
    join(v, u);
  });
  std::vector<std::uint8_t> result(count, 0);
  for (std::size_t v = 0; v < count; ++v) result[v] = only[v] != unjoined && only[v] != several;
  return result;
}

// The searches' own numbering of a graph's vertices: the live ones first, then the dead
// ends, each in the graph's order, so that what a long search touches (marks, arcs, exit
// flags) lies together in a few hundred kilobytes instead of spread over every host of the
// estate. inner[v] for vertex v, outer[i] back, and whether each is a dead end, by the new
// number.
// `dead`: per vertex, whether it is a dead end (dead_ends()).
inline void number_live_first(const std::vector<std::uint8_t>& dead, std::vector<std::uint32_t>& inner,
                              std::vector<std::uint32_t>& outer, std::vector<std::uint8_t>& dead_end) {
  const std::size_t count = dead.size();
  inner.resize(count);
  outer.resize(count);
  std::uint32_t next = 0;
  for (std::uint8_t group = 0; group < 2; ++group)
    for (std::uint32_t v = 0; v < count; ++v)
      if (dead[v] == group) {
        inner[v] = next;
        outer[next++] = v;
      }
  dead_end.resize(count);
  for (std::uint32_t i = 0; i < count; ++i) dead_end[i] = dead[outer[i]];
}
template <typename ForEachEdge>
void number_live_first(std::size_t count, ForEachEdge for_each_edge, std::vector<std::uint32_t>& inner,
                       std::vector<std::uint32_t>& outer, std::vector<std::uint8_t>& dead_end) {
  number_live_first(dead_ends(count, for_each_edge), inner, outer, dead_end);
}


}  // namespace detail
}  // namespace v1
}  // namespace clearance
