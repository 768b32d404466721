#include <clearance/check.hpp>
#include <clearance/whatif.hpp>
#include <clearance/whatif_session.hpp>

#include "random_models.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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

}  // namespace

TEST_SUITE("whatif_session") {
  TEST_CASE("a session's check with elements down has check_down's findings on random models") {
    for (unsigned seed = 1; seed <= 40; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      for (const Elements& down : scenarios(model, seed)) {
        const Report expected = check_down(model, down);
        const Report got = session.check_down(down);
        REQUIRE(got.findings.size() == expected.findings.size());
        for (std::size_t i = 0; i < got.findings.size(); ++i) {
          const Finding& g = got.findings[i];
          const Finding& e = expected.findings[i];
          CHECK(key_of(g) == key_of(e));
          CHECK(g.severity == e.severity);
          // The latitude of whatif_session.hpp: a carried flow.route finding may keep another
          // witness of the same length.
          if (g.rule == RuleId::flow_route) {
            CHECK(g.path.size() == e.path.size());
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

  TEST_CASE("a session's run is whatif's result") {
    for (unsigned seed = 41; seed <= 50; ++seed) {
      const Model model = reference::random_flow_model(seed);
      const WhatIfSession session(model);
      for (const Elements& down : scenarios(model, seed)) {
        const WhatIf ran = session.run(down);
        const WhatIf direct = whatif(model, down);
        CHECK(to_json(ran, model) == to_json(direct, model));
      }
    }
  }

  TEST_CASE("the broken pairs are the working pairs that get a flow finding or lose every target") {
    for (unsigned seed = 1; seed <= 40; ++seed) {
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
