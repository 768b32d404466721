#include <clearance/graph.hpp>
#include <clearance/load.hpp>

#include <doctest/doctest.h>

#include <boost/range/iterator_range.hpp>

#include <set>
#include <tuple>

using namespace clearance;

namespace {

// (from, to, link, forward) for every edge of the graph.
std::set<std::tuple<NodeIndex, NodeIndex, LinkIndex, bool>> edges_of(const NetworkGraph& graph) {
  std::set<std::tuple<NodeIndex, NodeIndex, LinkIndex, bool>> edges;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const LinkCrossing& crossing = graph[edge];
    edges.emplace(boost::source(edge, graph), boost::target(edge, graph), crossing.link, crossing.forward);
  }
  return edges;
}

const char* const three_links = R"({"clearance": 1,
  "nodes": [{"id": "a", "jurisdiction": "USA", "accredited": "CUI"},
            {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"},
            {"id": "c", "jurisdiction": "USA", "accredited": "SECRET"}],
  "links": [{"id": "net", "from": "b", "to": "c"},
            {"id": "one-way", "from": "c", "to": "a", "direction": "forward"},
            {"id": "diode", "from": "a", "to": "b", "kind": "diode"}]})";

}  // namespace

TEST_SUITE("graph") {
  TEST_CASE("the network graph has one vertex per node") {
    const Model model = load_model_json(three_links, "g.json");
    CHECK(boost::num_vertices(build_network_graph(model)) == 3);
  }

  TEST_CASE("a two-way link is an edge in each direction") {
    const auto edges = edges_of(build_network_graph(load_model_json(three_links, "g.json")));
    CHECK(edges.count({1, 2, 0, true}) == 1);
    CHECK(edges.count({2, 1, 0, false}) == 1);
  }

  TEST_CASE("forward links and diodes are edges from their from node only") {
    const auto edges = edges_of(build_network_graph(load_model_json(three_links, "g.json")));
    CHECK(edges.count({2, 0, 1, true}) == 1);
    CHECK(edges.count({0, 2, 1, false}) == 0);
    CHECK(edges.count({0, 1, 2, true}) == 1);
    CHECK(edges.count({1, 0, 2, false}) == 0);
    CHECK(edges.size() == 4);
  }
}
