// Tests of src/reach_closure.hpp: the reachability closure of a product graph answers
// what a plain breadth-first search of the graph finds, over every edge or only those of
// a bandwidth threshold, and the search per source that replaces it over its budget too.
#include <doctest/doctest.h>

#include <clearance/load.hpp>

#include "flow_space.hpp"
#include "random_models.hpp"
#include "reach_closure.hpp"

#include <boost/graph/strong_components.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

using namespace clearance;
using namespace clearance::detail;

namespace {

// Per node, whether some (node, state) is reached from `from` over edges of bandwidth >=
// threshold (from's own node included), by a breadth-first search of the product graph.
std::vector<std::uint8_t> nodes_reached(const FlowSpace& space, std::size_t node_count, VertexIndex from,
                                        double threshold) {
  const ProductGraph& graph = space.graph();
  std::vector<std::uint8_t> seen(boost::num_vertices(graph), 0), nodes(node_count, 0);
  std::vector<VertexIndex> queue = {from};
  seen[from] = 1;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const VertexIndex u = queue[i];
    nodes[space.node_of(u)] = 1;
    auto range = boost::out_edges(u, graph);
    for (auto e = range.first; e != range.second; ++e) {
      const VertexIndex v = boost::target(*e, graph);
      if (graph[*e].bandwidth_mbps >= threshold && !seen[v]) {
        seen[v] = 1;
        queue.push_back(v);
      }
    }
  }
  return nodes;
}

// How many (source node, target node) answers differ from the breadth-first search's,
// over every data class of the random models of `seeds` and the thresholds 0 and, with
// `every_width`, each link width and only-unlimited. make(space, node_count, threshold)
// returns what answers, as a function of (a, b).
using Answer = std::function<bool(NodeIndex, NodeIndex)>;
template <typename Make>
std::size_t mismatches(unsigned seeds, bool every_width, std::size_t& asked, Make make) {
  std::size_t wrong = 0;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    const Model model = reference::random_flow_model(seed);
    const FlowContext context(model);
    const std::size_t node_count = model.nodes().size();
    std::vector<double> thresholds = {0};
    if (every_width) {
      thresholds.insert(thresholds.end(), context.widths.begin(), context.widths.end());
      thresholds.push_back(infinity);
    }
    for (const DataClass& data_class : context.classes.classes) {
      const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
      for (double threshold : thresholds) {
        Answer answer = make(space, node_count, threshold);
        for (NodeIndex a = 0; a < node_count; ++a) {
          const std::vector<std::uint8_t> expected = nodes_reached(space, node_count, space.vertex(a, 0), threshold);
          for (NodeIndex b = 0; b < node_count; ++b) {
            wrong += answer(a, b) != (expected[b] != 0);
            ++asked;
          }
        }
      }
    }
  }
  return wrong;
}

}  // namespace

TEST_SUITE("reach_closure") {

TEST_CASE("the closure over every edge answers what a breadth-first search finds") {
  std::size_t asked = 0;
  const std::size_t wrong = mismatches(30, false, asked, [](const FlowSpace& space, std::size_t node_count, double) {
    auto closure = std::make_shared<ReachClosure>(space, node_count, 0, std::size_t(1) << 20);
    REQUIRE(closure->built());
    return Answer([closure, &space](NodeIndex a, NodeIndex b) {
      const NodeIndex target[] = {b};
      return closure->reaches_any(space.vertex(a, 0), Span<NodeIndex>(target, 1));
    });
  });
  CHECK(asked > 10'000);
  CHECK(wrong == 0);
}

TEST_CASE("a closure over a bandwidth threshold follows only the edges that carry it") {
  std::size_t asked = 0;
  const std::size_t wrong =
      mismatches(20, true, asked, [](const FlowSpace& space, std::size_t node_count, double threshold) {
        auto closure = std::make_shared<ReachClosure>(space, node_count, threshold, std::size_t(1) << 20);
        return Answer([closure, &space](NodeIndex a, NodeIndex b) {
          const NodeIndex target[] = {b};
          return closure->reaches_any(space.vertex(a, 0), Span<NodeIndex>(target, 1));
        });
      });
  CHECK(asked > 10'000);
  CHECK(wrong == 0);
}

TEST_CASE("a closure asked about several nodes reaches any when it reaches one") {
  const Model model = reference::random_flow_model(3);
  const FlowContext context(model);
  const std::size_t node_count = model.nodes().size();
  std::size_t asked = 0;
  for (const DataClass& data_class : context.classes.classes) {
    const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
    ReachClosure closure(space, node_count, 0, std::size_t(1) << 20);
    for (NodeIndex a = 0; a < node_count; ++a) {
      const std::vector<std::uint8_t> reached = nodes_reached(space, node_count, space.vertex(a, 0), 0);
      for (NodeIndex b = 0; b + 2 < node_count; ++b) {
        const NodeIndex three[] = {b, NodeIndex(b + 1), NodeIndex(b + 2)};
        const bool expected = reached[b] || reached[b + 1] || reached[b + 2];
        CHECK(closure.reaches_any(space.vertex(a, 0), Span<NodeIndex>(three, 3)) == expected);
        ++asked;
      }
    }
  }
  CHECK(asked > 50);
}

TEST_CASE("a source that may not hold the data is answered from the nodes it links to") {
  // `a` is only CUI: nothing may send SECRET data to it, so (a, 0) is a vertex that no
  // edge enters and keeps no row of its own.
  const Model model = load_model_json(R"({"clearance": 1,
    "nodes": [{"id": "a", "jurisdiction": "USA", "accredited": "CUI"},
              {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"},
              {"id": "c", "jurisdiction": "USA", "accredited": "SECRET"},
              {"id": "lone", "jurisdiction": "USA", "accredited": "SECRET"}],
    "links": [{"id": "ab", "from": "a", "to": "b", "carrier": "SECRET"},
              {"id": "bc", "from": "b", "to": "c", "carrier": "SECRET", "bandwidth_mbps": 10}],
    "data": [{"id": "d", "marking": "SECRET"}]})",
                                      "closure.json");
  const FlowContext context(model);
  const FlowSpace space(model, context.network, context.guards, context.classes.classes[0], context.widths);
  auto reaches = [&](ReachClosure& closure, const char* from, const char* to) {
    const NodeIndex target[] = {*model.node_ids().find(to)};
    return closure.reaches_any(space.vertex(*model.node_ids().find(from), 0), Span<NodeIndex>(target, 1));
  };
  ReachClosure every_edge(space, model.nodes().size(), 0, std::size_t(1) << 20);
  CHECK(reaches(every_edge, "a", "a"));
  CHECK(reaches(every_edge, "a", "c"));
  CHECK_FALSE(reaches(every_edge, "a", "lone"));
  CHECK_FALSE(reaches(every_edge, "b", "a"));
  ReachClosure wide(space, model.nodes().size(), 100, std::size_t(1) << 20);
  CHECK(reaches(wide, "a", "b"));
  CHECK_FALSE(reaches(wide, "a", "c"));
}

TEST_CASE("a closure over its budget builds nothing") {
  const Model model = reference::random_flow_model(5);
  const FlowContext context(model);
  const FlowSpace space(model, context.network, context.guards, context.classes.classes[0], context.widths);
  REQUIRE(boost::num_edges(space.graph()) > 0);
  CHECK_FALSE(ReachClosure(space, model.nodes().size(), 0, 0).built());
  CHECK(ReachClosure(space, model.nodes().size(), 0, std::size_t(1) << 20).built());
}

TEST_CASE("over the closure's budget, a search per source gives the same answers") {
  std::size_t asked = 0, searched = 0;
  const std::size_t wrong =
      mismatches(20, true, asked, [&](const FlowSpace& space, std::size_t node_count, double threshold) {
        auto reachability = std::make_shared<Reachability>(space, node_count, threshold, 0);
        searched += !reachability->has_closure();  // a graph without edges fits in no bytes
        return Answer([reachability](NodeIndex a, NodeIndex b) {
          const NodeIndex target[] = {b};
          return reachability->reaches_any(a, Span<NodeIndex>(target, 1));
        });
      });
  CHECK(searched > 100);
  CHECK(asked > 10'000);
  CHECK(wrong == 0);
}

TEST_CASE("the product graph's arcs are those of the spec's crossings, in link and release order") {
  // Straight from flow_space.hpp's definition: per (node, state) and network arc, the
  // unchanged label where the link may carry it, and across a guard each release state
  // its `from` covers, once; kept where the node reached holds the state.
  std::size_t arcs = 0, wrong = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const Model model = reference::random_flow_model(seed);
    const FlowContext context(model);
    for (const DataClass& data_class : context.classes.classes) {
      const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
      std::vector<StateIndex> targets;
      for (NodeIndex u = 0; u < model.nodes().size(); ++u)
        for (StateIndex s = 0; s < space.state_count(); ++s) {
          std::vector<std::pair<VertexIndex, LinkIndex>> expected, found;
          auto range = boost::out_edges(u, context.network);
          for (auto e = range.first; e != range.second; ++e) {
            const LinkIndex l = context.network[*e].link;
            const Link& link = model.links()[l];
            const NodeIndex w = boost::target(*e, context.network);
            if (link.kind == LinkKind::guard) {
              data_class.guard_targets(context.guards, l, s, targets);
            } else {
              targets.clear();
              if (!link.is_transport() || transport_is_adequate(model.scheme(), link, data_class.labels[s].level))
                targets.push_back(s);
            }
            for (StateIndex t : targets)
              if (hold_failures(model.nodes()[w], data_class.labels[t], data_class.residency) == 0)
                expected.emplace_back(space.vertex(w, t), l);
          }
          space.for_each_out(space.vertex(u, s), [&](VertexIndex w, LinkIndex l) { found.emplace_back(w, l); });
          arcs += expected.size();
          wrong += expected != found;
        }
    }
  }
  CHECK(arcs > 5'000);
  CHECK(wrong == 0);
}

TEST_CASE("a listed product graph has the implicit graph's arcs in its order, read whole or through a cursor") {
  // The list is made when it fits its budget (no budget: never); every search reads arcs
  // through for_each_out or a cursor, so the four readings must agree.
  std::size_t arcs = 0, wrong = 0;
  auto by_cursor = [](const FlowSpace& space, VertexIndex v) {
    std::vector<std::pair<VertexIndex, LinkIndex>> out;
    FlowSpace::OutCursor cursor = space.out_cursor(v);
    VertexIndex w;
    LinkIndex l;
    while (space.next_out(cursor, w, l)) out.emplace_back(w, l);
    return out;
  };
  auto whole = [](const FlowSpace& space, VertexIndex v) {
    std::vector<std::pair<VertexIndex, LinkIndex>> out;
    space.for_each_out(v, [&](VertexIndex w, LinkIndex l) { out.emplace_back(w, l); });
    return out;
  };
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const Model model = reference::random_flow_model(seed);
    const FlowContext context(model);
    for (const DataClass& data_class : context.classes.classes) {
      const FlowSpace listed(model, context.network, context.guards, data_class, context.widths);
      const FlowSpace implicit(model, context.network, context.guards, data_class, context.widths, 0);
      wrong += !listed.listed() + implicit.listed();
      for (VertexIndex v = 0; v < listed.vertex_count(); ++v) {
        const auto expected = by_cursor(implicit, v);
        arcs += expected.size();
        wrong += whole(implicit, v) != expected;
        wrong += whole(listed, v) != expected;
        wrong += by_cursor(listed, v) != expected;
      }
    }
  }
  CHECK(arcs > 5'000);
  CHECK(wrong == 0);
}

TEST_CASE("strong components are Boost's partition, numbered in reverse topological order") {
  std::size_t components = 0, wrong = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const Model model = reference::random_flow_model(seed);
    const FlowContext context(model);
    for (const DataClass& data_class : context.classes.classes) {
      const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
      const ProductGraph& graph = space.graph();
      std::vector<std::uint32_t> boost_component(boost::num_vertices(graph));
      const std::size_t boost_count = boost::strong_components(
          graph, boost::make_iterator_property_map(boost_component.begin(), boost::get(boost::vertex_index, graph)));
      std::vector<std::uint32_t> component;
      std::vector<std::uint8_t> entered;
      const std::size_t count = strong_components(space, 0, component, &entered);
      components += count;
      wrong += count != boost_count;
      std::vector<std::uint8_t> expected_entered(count, 0);
      for (VertexIndex u = 0; u < component.size(); ++u) {
        auto range = boost::out_edges(u, graph);
        for (auto e = range.first; e != range.second; ++e) {
          const VertexIndex v = boost::target(*e, graph);
          // Same component exactly when Boost says so; an edge only leaves for a lower one.
          wrong += (component[u] == component[v]) != (boost_component[u] == boost_component[v]);
          wrong += component[v] > component[u];
          if (component[v] != component[u]) expected_entered[component[v]] = 1;
        }
      }
      wrong += entered != expected_entered;
    }
  }
  CHECK(components > 1'000);
  CHECK(wrong == 0);
}

}  // TEST_SUITE("reach_closure")
