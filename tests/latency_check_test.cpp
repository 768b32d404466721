// Tests of src/latency_check.hpp: the two-sided latency search answers as the reference
// Dijkstra does (a route within the limit, the least latency and a route of it, the
// widest route), and the answers it keeps for replicas on one uplink are reused and right.
#include <doctest/doctest.h>

#include <clearance/load.hpp>

#include "flow_reference.hpp"
#include "flow_space.hpp"
#include "latency_check.hpp"
#include "random_models.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <thread>
#include <string>
#include <vector>

using namespace clearance;
using namespace clearance::detail;

namespace {

// One question of a flow: from source a to the nodes of the flow's target workload.
struct Question {
  NodeIndex source;
  Span<NodeIndex> targets;
  double threshold;
  double max_latency_ms;  // infinity: none
};

// Calls visit(space, search, questions) per data class of the model, with the questions
// of the flows of that class (one per flow and distinct source node).
void for_each_class(const Model& model,
                    const std::function<void(const FlowContext&, const FlowSpace&, LatencyCheck&,
                                             const DataClass&, const std::vector<Question>&)>& visit) {
  const FlowContext context(model);
  for (std::uint32_t c = 0; c < context.classes.classes.size(); ++c) {
    const DataClass& data_class = context.classes.classes[c];
    std::vector<Question> questions;
    for (const Flow& flow : model.flows()) {
      if (context.classes.class_of[flow.data] != c) continue;
      const Span<NodeIndex> sources = model.placement().nodes_of(flow.from);
      const Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
      if (targets.empty()) continue;
      for (NodeIndex a : sources)
        questions.push_back(Question{a, targets, context.threshold_value(context.threshold_index(flow)),
                                     flow.max_latency_ms ? *flow.max_latency_ms : infinity});
    }
    if (questions.empty()) continue;
    const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
    LatencyCheck search(space);
    visit(context, space, search, data_class, questions);
  }
}

// Whether `route` is a walk along the product graph's edges (of bandwidth >= threshold)
// from (a, 0) to a target, with its total latency and its narrowest edge.
bool is_walk(const FlowSpace& space, const ProductRoute& route, NodeIndex a, Span<NodeIndex> targets,
             double threshold, double& latency, double* narrowest = nullptr) {
  if (route.vertices.empty() || route.vertices.front() != space.vertex(a, 0)) return false;
  if (!contains_node(targets, space.node_of(route.vertices.back()))) return false;
  if (route.links.size() + 1 != route.vertices.size()) return false;
  latency = 0;
  if (narrowest != nullptr) *narrowest = infinity;
  const ProductGraph& graph = space.graph();
  for (std::size_t i = 0; i + 1 < route.vertices.size(); ++i) {
    bool found = false;
    auto range = boost::out_edges(route.vertices[i], graph);
    for (auto e = range.first; e != range.second && !found; ++e) {
      const ProductEdge& edge = graph[*e];
      if (boost::target(*e, graph) == route.vertices[i + 1] && edge.link == route.links[i] &&
          edge.bandwidth_mbps >= threshold) {
        found = true;
        latency += edge.latency_ms;
        if (narrowest != nullptr) *narrowest = std::min(*narrowest, edge.bandwidth_mbps);
      }
    }
    if (!found) return false;
  }
  return true;
}

const char* const hub_and_chain = R"({"clearance": 1,
  "nodes": [
    {"id": "h1", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "h2", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "hub", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "far", "jurisdiction": "USA", "accredited": "SECRET"}%NODES%],
  "links": [
    {"id": "up-1", "from": "h1", "to": "hub", "latency_ms": 1},
    {"id": "up-2", "from": "h2", "to": "hub", "latency_ms": %UPLINK2%},
    {"id": "c-in", "from": "hub", "to": "c0", "latency_ms": 1},
    {"id": "c-out", "from": "c39", "to": "far", "latency_ms": 1}%LINKS%],
  "data": [{"id": "d", "marking": "SECRET"}],
  "workloads": [{"id": "app"}, {"id": "store"}],
  "placement": {"app": ["h1", "h2"], "store": ["far"]}})";

// Two hosts h1 and h2 on one hub (dead ends, the replicas of a workload), and a chain of
// 40 nodes of 1 ms from the hub to `far`: the search from the hub is long enough to keep.
Model replicas_on_one_uplink(int second_uplink_ms) {
  std::string text = hub_and_chain, nodes, links;
  for (int i = 0; i < 40; ++i) {
    nodes += R"(, {"id": "c)" + std::to_string(i) + R"(", "jurisdiction": "USA", "accredited": "SECRET"})";
    if (i > 0)
      links += R"(, {"id": "c)" + std::to_string(i - 1) + "-" + std::to_string(i) + R"(", "from": "c)" +
               std::to_string(i - 1) + R"(", "to": "c)" + std::to_string(i) + R"(", "latency_ms": 1})";
  }
  auto put = [&](const std::string& key, const std::string& value) { text.replace(text.find(key), key.size(), value); };
  put("%NODES%", nodes);
  put("%LINKS%", links);
  put("%UPLINK2%", std::to_string(second_uplink_ms));
  return load_model_json(text, "replicas.json");
}

}  // namespace

TEST_SUITE("latency_check") {

TEST_CASE("the search finds a route within the limit exactly when the reference's least latency is within it") {
  std::size_t asked[3] = {0, 0, 0};  // within, slower, unreachable
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext& context, const FlowSpace&, LatencyCheck& search,
                              const DataClass& data_class, const std::vector<Question>& questions) {
      for (const Question& q : questions) {
        const double least = reference::least_latency(context, data_class, q.source, q.targets, q.threshold);
        const LatencyCheck::Reach expected = least == infinity            ? LatencyCheck::Reach::unreachable
                                             : least <= q.max_latency_ms ? LatencyCheck::Reach::within
                                                                          : LatencyCheck::Reach::slower;
        CHECK(search.reach(q.source, q.targets, q.threshold, q.max_latency_ms) == expected);
        ++asked[static_cast<int>(expected)];
      }
    });
  }
  CHECK(asked[0] > 50);
  CHECK(asked[1] > 20);
  CHECK(asked[2] > 50);
}

TEST_CASE("a route of exactly the limit is within it, and one just over is slower") {
  std::size_t asked = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext& context, const FlowSpace&, LatencyCheck& search,
                              const DataClass& data_class, const std::vector<Question>& questions) {
      for (const Question& q : questions) {
        const double least = reference::least_latency(context, data_class, q.source, q.targets, q.threshold);
        if (least == infinity || least == 0) continue;
        CHECK(search.reach(q.source, q.targets, q.threshold, least) == LatencyCheck::Reach::within);
        CHECK(search.reach(q.source, q.targets, q.threshold, least - 0.5) == LatencyCheck::Reach::slower);
        ++asked;
      }
    });
  }
  CHECK(asked > 50);
}

TEST_CASE("a search that fails its limit gives the least latency and a route that takes it") {
  std::size_t asked = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext& context, const FlowSpace& space, LatencyCheck& search,
                              const DataClass& data_class, const std::vector<Question>& questions) {
      for (const Question& q : questions) {
        const double least = reference::least_latency(context, data_class, q.source, q.targets, q.threshold);
        if (least == infinity || least == 0) continue;
        ProductRoute fastest;
        REQUIRE(search.reach(q.source, q.targets, q.threshold, least / 2, &fastest) == LatencyCheck::Reach::slower);
        CHECK(fastest.figure == least);
        double walked = -1;
        CHECK(is_walk(space, fastest, q.source, q.targets, q.threshold, walked));
        CHECK(walked == least);
        ++asked;
      }
    });
  }
  CHECK(asked > 50);
}

TEST_CASE("the fastest route takes the reference's least latency") {
  std::size_t asked = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext& context, const FlowSpace& space, LatencyCheck& search,
                              const DataClass& data_class, const std::vector<Question>& questions) {
      for (const Question& q : questions) {
        const double least = reference::least_latency(context, data_class, q.source, q.targets, q.threshold);
        const ProductRoute route = search.fastest(q.source, q.targets, q.threshold);
        if (least == infinity) {
          CHECK(route.vertices.empty());
          continue;
        }
        CHECK(route.figure == least);
        double walked = -1;
        CHECK(is_walk(space, route, q.source, q.targets, q.threshold, walked));
        CHECK(walked == least);
        ++asked;
      }
    });
  }
  CHECK(asked > 100);
}

TEST_CASE("the widest route carries the reference's widest bottleneck") {
  std::size_t asked = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext&, const FlowSpace& space, LatencyCheck& search, const DataClass&,
                              const std::vector<Question>& questions) {
      for (const Question& q : questions) {
        const ProductRoute expected = reference::widest_route(space, q.source, q.targets);
        const ProductRoute route = search.widest(q.source, q.targets);
        REQUIRE(route.vertices.empty() == expected.vertices.empty());
        if (route.vertices.empty()) continue;
        CHECK(route.figure == expected.figure);
        double walked = 0, narrowest = 0;
        CHECK(is_walk(space, route, q.source, q.targets, 0, walked, &narrowest));
        CHECK(narrowest == route.figure);
        ++asked;
      }
    });
  }
  CHECK(asked > 100);
}

TEST_CASE("a replica on the same uplink reads the answer the first replica's search kept") {
  const Model model = replicas_on_one_uplink(1);
  const FlowContext context(model);
  const FlowSpace space(model, context.network, context.guards, context.classes.classes[0], context.widths);
  LatencyCheck search(space);
  const NodeIndex h1 = *model.node_ids().find("h1"), h2 = *model.node_ids().find("h2");
  const Span<NodeIndex> targets = model.placement().nodes_of(*model.workload_ids().find("store"));
  ProductRoute first, second;
  REQUIRE(search.reach(h1, targets, 0, 10, &first) == LatencyCheck::Reach::slower);
  const std::uint64_t work = search.work();
  CHECK(work >= 64);  // long enough to be kept
  REQUIRE(search.reach(h2, targets, 0, 10, &second) == LatencyCheck::Reach::slower);
  CHECK(search.work() == work);  // no arc scanned again
  CHECK(first.figure == 42);
  CHECK(second.figure == 42);
  CHECK(space.node_of(second.vertices.front()) == h2);
  CHECK(second.vertices.size() == first.vertices.size());
}

TEST_CASE("a kept route within the limit does not answer a replica whose uplink is slower") {
  const Model model = replicas_on_one_uplink(30);
  const FlowContext context(model);
  const FlowSpace space(model, context.network, context.guards, context.classes.classes[0], context.widths);
  LatencyCheck search(space);
  const NodeIndex h1 = *model.node_ids().find("h1"), h2 = *model.node_ids().find("h2");
  const Span<NodeIndex> targets = model.placement().nodes_of(*model.workload_ids().find("store"));
  // From h1 the route takes 42 ms, within 60; from h2, 71 ms.
  CHECK(search.reach(h1, targets, 0, 60) == LatencyCheck::Reach::within);
  ProductRoute fastest;
  REQUIRE(search.reach(h2, targets, 0, 60, &fastest) == LatencyCheck::Reach::slower);
  CHECK(fastest.figure == reference::least_latency(context, context.classes.classes[0], h2, targets, 0));
  CHECK(fastest.figure == 71);
  // And the replica whose uplink is as fast reads the kept bound.
  const std::uint64_t work = search.work();
  CHECK(search.reach(h1, targets, 0, 60) == LatencyCheck::Reach::within);
  CHECK(search.work() == work);
}

TEST_CASE("a vertex's arcs in are the arcs out of every vertex into it, in the order a listing meets them") {
  std::size_t listed = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    const FlowContext context(model);
    for (const DataClass& data_class : context.classes.classes) {
      const FlowSpace space(model, context.network, context.guards, data_class, context.widths);
      std::vector<std::vector<std::pair<VertexIndex, LinkIndex>>> into(space.vertex_count());
      for (VertexIndex u = 0; u < space.vertex_count(); ++u)
        space.for_each_out(u, [&](VertexIndex v, LinkIndex l) { into[v].emplace_back(u, l); });
      for (VertexIndex v = 0; v < space.vertex_count(); ++v) {
        std::vector<std::pair<VertexIndex, LinkIndex>> in;
        space.for_each_in(v, [&](VertexIndex u, LinkIndex l) { in.emplace_back(u, l); });
        CHECK(in == into[v]);
        listed += in.size();
      }
    }
  }
  CHECK(listed > 1000);
}

TEST_CASE("the search over implicit arcs gives the answers and routes of the search over explicit ones") {
  std::size_t asked = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Model model = reference::random_flow_model(seed);
    for_each_class(model, [&](const FlowContext&, const FlowSpace& space, LatencyCheck&, const DataClass&,
                              const std::vector<Question>& questions) {
      auto kept = std::make_shared<const LatencyArcs>(space, std::size_t(-1));
      auto listed = std::make_shared<const LatencyArcs>(space, 0);
      REQUIRE(kept->is_explicit);
      REQUIRE(!listed->is_explicit);
      CHECK(kept->arc_count == listed->arc_count);
      LatencyCheck explicit_search(space, kept), implicit_search(space, listed);
      auto same = [](const ProductRoute& x, const ProductRoute& y) {
        return x.vertices == y.vertices && x.links == y.links && x.figure == y.figure;
      };
      for (const Question& q : questions) {
        for (const double limit : {q.max_latency_ms, 0.0, 3.0}) {
          ProductRoute x, y;
          CHECK(explicit_search.reach(q.source, q.targets, q.threshold, limit, &x) ==
                implicit_search.reach(q.source, q.targets, q.threshold, limit, &y));
          CHECK(same(x, y));
        }
        CHECK(same(explicit_search.fastest(q.source, q.targets, q.threshold),
                   implicit_search.fastest(q.source, q.targets, q.threshold)));
        CHECK(same(explicit_search.widest(q.source, q.targets), implicit_search.widest(q.source, q.targets)));
        ++asked;
      }
    });
  }
  CHECK(asked > 100);
}

TEST_CASE("searches on several threads share one graph's arrays when they are large, with the answers of one thread") {
  // A chain of 8 nodes whose 7 guards' 301 releases give the data some 300 labels, searched
  // by 4 threads that take turns with the one set of arrays the graph may lend.
  std::string everything = "TOP SECRET//X", nodes, links;
  for (int c = 0; c < 40; ++c) everything += "/K" + std::to_string(c);
  for (int n = 0; n < 8; ++n)
    nodes += std::string(n == 0 ? "" : ", ") + R"({"id": "n)" + std::to_string(n) +
             R"(", "jurisdiction": "USA", "accredited": ")" + everything + R"("})";
  int released = 0;
  for (int n = 0; n + 1 < 8; ++n) {
    std::string releases;
    for (int r = 0; r < 43; ++r, ++released)
      releases += std::string(r == 0 ? "" : ", ") + R"({"from": ")" + everything + R"(", "to": "SECRET//K)" +
                  std::to_string(released % 40) + "/K" + std::to_string((released / 40 + released + 1) % 40) + R"("})";
    links += std::string(n == 0 ? "" : ", ") + R"({"id": "g)" + std::to_string(n) + R"(", "kind": "guard", "from": "n)" +
             std::to_string(n) + R"(", "to": "n)" + std::to_string(n + 1) +
             R"(", "direction": "both", "latency_ms": 1, "releases": [)" + releases + "]}";
  }
  const Model model = load_model_json(
      R"({"clearance": 1, "nodes": [)" + nodes + R"(], "links": [)" + links +
          R"(], "data": [{"id": "d", "marking": "SECRET//X"}], "workloads": [{"id": "a"}, {"id": "b"}],
          "placement": {"a": ["n0"], "b": ["n7"]}})",
      "chain.json");
  const FlowContext context(model);
  const FlowSpace space(model, context.network, context.guards, context.classes.classes[0], context.widths);
  // Arcs listed, and a budget for the arrays of less than one search: one lent at a time.
  auto graph = std::make_shared<const LatencyArcs>(space, 0, 1);
  REQUIRE(space.vertex_count() > 2000);
  REQUIRE(!graph->scratch_is_own());
  const NodeIndex a = *model.node_ids().find("n0");
  const Span<NodeIndex> targets = model.placement().nodes_of(*model.workload_ids().find("b"));
  LatencyCheck alone(space, graph);
  const ProductRoute expected = alone.fastest(a, targets, 0);
  REQUIRE(expected.figure == 7);
  std::vector<ProductRoute> found(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < found.size(); ++t)
    threads.emplace_back([&, t] {
      LatencyCheck search(space, graph);
      for (int i = 0; i < 20; ++i) found[t] = search.fastest(a, targets, 0);
    });
  for (std::thread& thread : threads) thread.join();
  for (const ProductRoute& route : found) {
    CHECK(route.vertices == expected.vertices);
    CHECK(route.links == expected.links);
  }
}

}  // TEST_SUITE("latency_check")
