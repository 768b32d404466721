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

}  // TEST_SUITE("latency_check")
