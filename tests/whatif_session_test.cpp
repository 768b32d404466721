#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/whatif.hpp>
#include <clearance/whatif_session.hpp>

#include "random_models.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using namespace clearance;

namespace {

using Key = std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>;
Key key_of(const Finding& f) { return {static_cast<int>(f.rule), f.workload, f.node, f.data, f.flow, f.link, f.resource}; }

// Every scenario of one or two elements of a small model, and a few of three.
std::vector<Elements> scenarios(const Model& model, unsigned seed) {
  std::vector<Element> all;
  for (LinkIndex l = 0; l < model.links().size(); ++l) all.push_back(Element{ElementKind::link, l});
  for (NodeIndex n = 0; n < model.nodes().size(); ++n) all.push_back(Element{ElementKind::node, n});
  std::vector<Elements> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    Elements one;
    one.add(all[i]);
    out.push_back(one);
    Elements two = one;
    two.add(all[(i * 7 + seed) % all.size()]);
    out.push_back(two);
    if (i % 5 == 0) {
      Elements three = two;
      three.add(all[(i * 13 + 3 * seed) % all.size()]);
      out.push_back(three);
    }
  }
  return out;
}

bool is_flow_finding(const Finding& f) { return f.rule >= RuleId::flow_route; }

// A ring a - b - c - d - a: the short way a -> b -> c (10 + 10 ms, wide), the long way
// a -> d -> c (50 + 50 ms, d's link to a only 10 Mb/s). Workload `dst` on c, `two` on b
// and c, `one` on b only; flows from a with different limits.
const char* const ring_model = R"({
  "clearance": 1, "name": "ring",
  "nodes": [
    {"id": "a", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "c", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "d", "jurisdiction": "USA", "accredited": "SECRET"}
  ],
  "links": [
    {"id": "ab", "from": "a", "to": "b", "latency_ms": 10, "bandwidth_mbps": 1000},
    {"id": "bc", "from": "b", "to": "c", "latency_ms": 10, "bandwidth_mbps": 1000},
    {"id": "cd", "from": "c", "to": "d", "latency_ms": 50, "bandwidth_mbps": 1000},
    {"id": "da", "from": "d", "to": "a", "latency_ms": 50, "bandwidth_mbps": 10}
  ],
  "data": [{"id": "x", "marking": "SECRET"}],
  "workloads": [{"id": "src", "uses": ["x"]}, {"id": "dst", "uses": ["x"]}, {"id": "two", "uses": ["x"]},
                {"id": "one", "uses": ["x"]}],
  "flows": [
    {"id": "any", "from": "src", "to": "dst", "data": "x"},
    {"id": "in100", "from": "src", "to": "dst", "data": "x", "max_latency_ms": 100},
    {"id": "in99", "from": "src", "to": "dst", "data": "x", "max_latency_ms": 99},
    {"id": "wide", "from": "src", "to": "dst", "data": "x", "min_bandwidth_mbps": 100},
    {"id": "near", "from": "src", "to": "two", "data": "x", "max_latency_ms": 15},
    {"id": "alone", "from": "src", "to": "one", "data": "x"}
  ],
  "placement": {"src": ["a"], "dst": ["c"], "two": ["b", "c"], "one": ["b"]}
})";

std::vector<std::string> pairs_named(const Model& model, const std::vector<FlowSource>& pairs) {
  std::vector<std::string> names;
  for (const FlowSource& pair : pairs)
    names.push_back(std::string(model.flow_id(pair.flow)) + "@" + std::string(model.node_id(pair.node)));
  std::sort(names.begin(), names.end());
  return names;
}

// The same message and witness route, hop by hop.
bool same_evidence(const Finding& x, const Finding& y) {
  if (x.message != y.message || x.path.size() != y.path.size()) return false;
  for (std::size_t h = 0; h < x.path.size(); ++h)
    if (x.path[h].node != y.path[h].node || x.path[h].link != y.path[h].link || x.path[h].label != y.path[h].label)
      return false;
  return true;
}

}  // namespace

TEST_SUITE("whatif_session") {
  TEST_CASE("a session's check with elements down has check_down's findings on random models") {
    for (unsigned seed = 1; seed <= 40; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      const std::vector<Finding> whole = check(model).findings;
      for (const Elements& down : scenarios(model, seed)) {
        const Report expected = check_down(model, down);
        const Report got = session.check_down(down);
        REQUIRE(got.findings.size() == expected.findings.size());
        for (std::size_t i = 0; i < got.findings.size(); ++i) {
          const Finding& g = got.findings[i];
          const Finding& e = expected.findings[i];
          CHECK(key_of(g) == key_of(e));
          CHECK(g.severity == e.severity);
          // The latitude of whatif_session.hpp: a flow finding carried over may keep the whole
          // model's witness (of the same rule and figure) where check_down picks another; it
          // is then the whole check's finding, and its route avoids every down element.
          if (is_flow_finding(g) && !same_evidence(g, e)) {
            CHECK(std::any_of(whole.begin(), whole.end(),
                              [&](const Finding& w) { return key_of(w) == key_of(g) && same_evidence(w, g); }));
            for (const Hop& hop : g.path) {
              CHECK_FALSE(std::binary_search(down.nodes.begin(), down.nodes.end(), hop.node));
              if (hop.link != no_key) CHECK_FALSE(std::binary_search(down.links.begin(), down.links.end(), hop.link));
            }
            if (g.rule == RuleId::flow_route) CHECK(g.path.size() == e.path.size());
            continue;
          }
          CHECK(g.message == e.message);
          CHECK(g.path.size() == e.path.size());
          for (std::size_t h = 0; h < std::min(g.path.size(), e.path.size()); ++h) {
            CHECK(g.path[h].node == e.path[h].node);
            CHECK(g.path[h].link == e.path[h].link);
            CHECK(g.path[h].label == e.path[h].label);
          }
        }
      }
    }
  }

  TEST_CASE("a session's run is the comparison of two full checks on random models") {
    for (unsigned seed = 41; seed <= 80; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      const Report whole = check(model);
      for (const Elements& down : scenarios(model, seed)) {
        // The brute force: the whole check, the check with the elements down, and the
        // findings of each that the other has no finding of the same rule and keys for.
        WhatIf brute;
        brute.down = down;
        brute.whole = whole;
        brute.with_down = check_down(model, down);
        std::set<Key> before, after;
        for (const Finding& f : brute.whole.findings) before.insert(key_of(f));
        for (const Finding& f : brute.with_down.findings) after.insert(key_of(f));
        for (std::uint32_t i = 0; i < brute.with_down.findings.size(); ++i)
          if (!before.count(key_of(brute.with_down.findings[i]))) brute.added.push_back(i);
        for (std::uint32_t i = 0; i < brute.whole.findings.size(); ++i)
          if (!after.count(key_of(brute.whole.findings[i]))) brute.resolved.push_back(i);
        // Added findings are made by the flow rules on the model with the elements down:
        // their messages and routes are the brute force's, byte for byte.
        CHECK(to_json(session.run(down), model) == to_json(brute, model));
        CHECK(to_json(whatif(model, down), model) == to_json(brute, model));
        // The text also counts the findings before and after.
        CHECK(to_text(whatif(model, down), model) == to_text(brute, model));
      }
    }
  }

  TEST_CASE("a session's outcome counts run's added findings per rule and lists the broken pairs") {
    for (unsigned seed = 81; seed <= 120; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      for (const Elements& down : scenarios(model, seed)) {
        const WhatIf ran = session.run(down);
        std::array<std::size_t, rule_count> added{};
        for (std::uint32_t i : ran.added) ++added[static_cast<std::size_t>(ran.with_down.findings[i].rule)];
        const WhatIfOutcome outcome = session.outcome(down);
        CHECK(outcome.added == added);
        CHECK(outcome.broken == session.broken_pairs(down));
      }
    }
  }

  TEST_CASE("the broken pairs are the working pairs that get a flow finding or lose every target") {
    for (unsigned seed = 1; seed <= 120; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      // The working pairs, straight from spec §3 on check().
      std::set<std::pair<FlowIndex, NodeIndex>> failing;
      for (const Finding& f : check(model).findings)
        if (is_flow_finding(f)) failing.insert({f.flow, f.node});
      std::vector<FlowSource> working;
      for (FlowIndex f = 0; f < model.flows().size(); ++f) {
        if (!model.placement().is_placed(model.flows()[f].to)) continue;
        std::set<NodeIndex> sources(model.placement().nodes_of(model.flows()[f].from).begin(),
                                    model.placement().nodes_of(model.flows()[f].from).end());
        for (NodeIndex a : sources)
          if (!failing.count({f, a})) working.push_back(FlowSource{f, a});
      }
      REQUIRE(session.working_pairs() == working);
      for (const Elements& down : scenarios(model, seed)) {
        std::set<std::pair<FlowIndex, NodeIndex>> failing_down;
        for (const Finding& f : check_down(model, down).findings)
          if (is_flow_finding(f)) failing_down.insert({f.flow, f.node});
        std::vector<FlowSource> expected;
        for (const FlowSource& pair : working) {
          if (std::binary_search(down.nodes.begin(), down.nodes.end(), pair.node)) continue;
          bool has_target = false;
          for (NodeIndex b : model.placement().nodes_of(model.flows()[pair.flow].to))
            has_target |= !std::binary_search(down.nodes.begin(), down.nodes.end(), b);
          if (!has_target || failing_down.count({pair.flow, pair.node})) expected.push_back(pair);
        }
        CHECK(session.broken_pairs(down) == expected);
      }
    }
  }

  TEST_CASE("a cut link with a detour breaks only the pairs whose limits the detour misses") {
    // a -> b -> c is fast and wide; a -> d -> c is slow (100 ms) and d's uplink narrow.
    const Model model = load_model_json(ring_model);
    const WhatIfSession session(model);
    REQUIRE(session.working_pairs().size() == 6);
    const Elements down = parse_element_list(model, "link:ab");
    // any: the detour carries it; in100: the detour takes exactly its 100 ms; in99: one
    // ms too slow; wide: the detour is too narrow; near: too slow to either target.
    CHECK(pairs_named(model, session.broken_pairs(down)) ==
          std::vector<std::string>{"in99@a", "near@a", "wide@a"});
    const WhatIf ran = session.run(down);
    std::vector<std::string> added;
    for (std::uint32_t i : ran.added)
      added.push_back(std::string(rule_info(ran.with_down.findings[i].rule).name) + " " +
                      std::string(model.flow_id(ran.with_down.findings[i].flow)));
    CHECK(added == std::vector<std::string>{"flow.bandwidth wide", "flow.latency in99", "flow.latency near"});
    CHECK(ran.resolved.empty());
  }

  TEST_CASE("a down target node moves the flow to the other target or leaves it with none") {
    const Model model = load_model_json(ring_model);
    const WhatIfSession session(model);
    // b down: `near` must reach c (100 ms round the ring, over its 15 ms); `alone` loses
    // its only target (no flow finding: placement.missing instead); the others go round.
    const Elements down = parse_element_list(model, "node:b");
    CHECK(pairs_named(model, session.broken_pairs(down)) ==
          std::vector<std::string>{"alone@a", "in99@a", "near@a", "wide@a"});
    const WhatIfOutcome outcome = session.outcome(down);
    CHECK(outcome.added[static_cast<std::size_t>(RuleId::placement_missing)] == 1);
    CHECK(outcome.added[static_cast<std::size_t>(RuleId::flow_latency)] == 2);
    CHECK(outcome.added[static_cast<std::size_t>(RuleId::flow_bandwidth)] == 1);
    CHECK(outcome.added[static_cast<std::size_t>(RuleId::flow_route)] == 0);
    // c down as well: nothing reaches c, and every remaining pair fails by route.
    const Elements both = parse_element_list(model, "node:b,node:c");
    const WhatIfOutcome cut = session.outcome(both);
    CHECK(cut.added[static_cast<std::size_t>(RuleId::flow_route)] == 0);  // targets gone: no flow rule fires
    CHECK(pairs_named(model, cut.broken) ==
          std::vector<std::string>{"alone@a", "any@a", "in100@a", "in99@a", "near@a", "wide@a"});
  }

  TEST_CASE("a session answers several threads at once as it answers one") {
    const Model model = reference::random_flow_model(7);
    const WhatIfSession session(model);
    const std::vector<Elements> all = scenarios(model, 7);
    std::vector<std::string> expected;
    for (const Elements& down : all) expected.push_back(to_json(session.run(down), model));
    std::vector<std::vector<std::string>> got(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t)
      threads.emplace_back([&, t] {
        for (const Elements& down : all) got[t].push_back(to_json(session.run(down), model));
      });
    for (std::thread& thread : threads) thread.join();
    for (const auto& list : got) CHECK(list == expected);
  }

  TEST_CASE("a session refuses an element index out of range") {
    const Model model = reference::random_flow_model(2);
    const WhatIfSession session(model);
    Elements down;
    down.add(Element{ElementKind::node, static_cast<std::uint32_t>(model.nodes().size())});
    CHECK_THROWS_AS(session.run(down), error);
    CHECK_THROWS_AS(session.broken_pairs(down), error);
  }
}
