#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/load.hpp>
#include <clearance/whatif.hpp>

#include "random_models.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>

using namespace clearance;

namespace {

// An edge kit relays SECRET data to a region through one guard and a SATCOM link.
const char* const ddil_model = R"({
  "clearance": 1, "name": "ddil",
  "nodes": [
    {"id": "kit", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "at_rest": "csfc",
     "connectivity": {"mean_online_h": 9, "mean_offline_h": 1}},
    {"id": "guard1", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "hq", "jurisdiction": "USA", "accredited": "SECRET", "impact_level": "IL6"},
    {"id": "spare", "jurisdiction": "USA", "accredited": "SECRET"}
  ],
  "links": [
    {"id": "satcom", "from": "kit", "to": "guard1", "encryption": "type1", "carrier": "UNCLASSIFIED",
     "latency_ms": 600, "availability": 0.9},
    {"id": "lan", "from": "guard1", "to": "hq"},
    {"id": "backup", "from": "kit", "to": "spare", "latency_ms": 1500},
    {"id": "wan", "from": "spare", "to": "hq"}
  ],
  "data": [{"id": "sitrep", "marking": "SECRET"}],
  "workloads": [{"id": "sensor", "uses": ["sitrep"]}, {"id": "fusion", "uses": ["sitrep"]}],
  "flows": [{"id": "report", "from": "sensor", "to": "fusion", "data": "sitrep", "max_latency_ms": 1000}],
  "placement": {"sensor": ["kit"], "fusion": ["hq"]}
})";

using Key = std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>;
Key key_of(const Finding& f) {
  return {static_cast<int>(f.rule), f.workload, f.node, f.data, f.flow, f.link, f.resource};
}

}  // namespace

TEST_SUITE("whatif") {
  TEST_CASE("element strings parse in any order and list canonically, links first") {
    const Model model = load_model_json(ddil_model);
    const Elements down = parse_element_list(model, "node:spare,link:satcom,node:guard1,link:satcom");
    CHECK(down.nodes.size() == 2);
    CHECK(down.links.size() == 1);
    CHECK(element_names(model, down) == std::vector<std::string>{"link:satcom", "node:guard1", "node:spare"});
  }

  TEST_CASE("an unknown element is an input error with a did-you-mean") {
    const Model model = load_model_json(ddil_model);
    try {
      parse_element_list(model, "node:gaurd1");
      FAIL("expected an input error");
    } catch (const input_error& e) {
      CHECK(std::string(e.what()).find("did you mean `node:guard1`") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_element_list(model, "router:x"), input_error);
    CHECK_THROWS_AS(parse_element_list(model, "link:kit"), input_error);
  }

  TEST_CASE("a down node leaves the placement and a workload left with none is placement.missing") {
    const Model model = load_model_json(ddil_model);
    const Report report = check_down(model, parse_element_list(model, "node:hq"), {});
    bool missing = false;
    for (const Finding& f : report.findings) {
      CHECK(f.node != *model.node_ids().find("hq"));
      missing |= f.rule == RuleId::placement_missing && model.workload_id(f.workload) == "fusion";
    }
    CHECK(missing);
  }

  TEST_CASE("cutting the satcom link moves the flow to the slow backup and adds flow.latency") {
    const Model model = load_model_json(ddil_model);
    const WhatIf result = whatif(model, parse_element_list(model, "link:satcom"));
    REQUIRE(result.added.size() == 1);
    const Finding& added = result.with_down.findings[result.added[0]];
    CHECK(added.rule == RuleId::flow_latency);
    CHECK(model.flow_id(added.flow) == "report");
    CHECK(result.resolved.empty());
    CHECK(result.has_added_findings());
    const std::string json = to_json(result, model);
    CHECK(json.find("\"down\": [\"link:satcom\"]") != std::string::npos);
    CHECK(json.find("\"summary\": {\"added\": 1, \"resolved\": 0}") != std::string::npos);
    CHECK(to_text(result, model).find("flow.latency (1)") != std::string::npos);
  }

  TEST_CASE("added and resolved are the differences of the two checks by rule and keys on random models") {
    for (unsigned seed = 1; seed <= 25; ++seed) {
      const Model model = reference::random_flow_model(seed);
      Elements down;
      down.add(Element{ElementKind::node, seed % static_cast<std::uint32_t>(model.nodes().size())});
      if (!model.links().empty())
        down.add(Element{ElementKind::link, (seed * 7) % static_cast<std::uint32_t>(model.links().size())});
      const WhatIf result = whatif(model, down);
      std::set<Key> before, after;
      for (const Finding& f : result.whole.findings) before.insert(key_of(f));
      for (const Finding& f : result.with_down.findings) after.insert(key_of(f));
      std::set<Key> added, resolved;
      for (std::uint32_t i : result.added) added.insert(key_of(result.with_down.findings[i]));
      for (std::uint32_t i : result.resolved) resolved.insert(key_of(result.whole.findings[i]));
      std::set<Key> expected_added, expected_resolved;
      for (const Key& k : after)
        if (!before.count(k)) expected_added.insert(k);
      for (const Key& k : before)
        if (!after.count(k)) expected_resolved.insert(k);
      CHECK(added == expected_added);
      CHECK(resolved == expected_resolved);
      // The findings with the elements down name no down element.
      for (const Finding& f : result.with_down.findings) {
        CHECK((f.node == no_key || f.node != down.nodes[0]));
        for (const Hop& hop : f.path) CHECK((hop.node != down.nodes[0]));
        if (!down.links.empty()) CHECK(f.link != down.links[0]);
      }
    }
  }

  TEST_CASE("taking nothing down changes nothing") {
    const Model model = reference::random_flow_model(3);
    const WhatIf result = whatif(model, Elements{});
    CHECK(result.added.empty());
    CHECK(result.resolved.empty());
  }
}
