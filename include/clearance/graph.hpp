// The model's network as a Boost.Graph: one vertex per node, one directed edge per
// direction a link may be crossed. Include this only where an analysis needs graph
// algorithms; it pulls in Boost.Graph, which is heavy to compile.
#pragma once

#include <clearance/model.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>

namespace clearance {
inline namespace v1 {

// What a graph edge stands for: a link, crossed from its `from` to its `to` (forward)
// or the other way.
struct LinkCrossing {
  LinkIndex link = 0;
  bool forward = true;
};

using NetworkGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, LinkCrossing,
                                       boost::no_property, NodeIndex, std::uint32_t>;

// Vertex i is node i. A `both` link gives two edges, a `forward` link or diode one.
CLEARANCE_API NetworkGraph build_network_graph(const Model& model);

}  // namespace v1
}  // namespace clearance
