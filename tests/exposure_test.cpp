// Exposure on capture (spec resilience-v1 §5): the example, hand-made cases, and random
// models against a search written straight from the spec, walk by walk.
#include <doctest/doctest.h>

#include <clearance/error.hpp>
#include <clearance/exposure.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/marking.hpp>

#include "random_models.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace clearance;

namespace {

Model example(const std::string& name) {
  return load_model(std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + name + ".json");
}

const Capture& capture_of(const ExposureReport& report, const Model& model, std::string_view node) {
  for (const Capture& capture : report.captures)
    if (model.node_id(capture.node) == node) return capture;
  FAIL("no capture of " << node);
  return report.captures.front();
}

// The reference: (node, label) states searched on the links themselves, the label states
// made as they are met; nothing of the library's product graph is used.
struct Reference {
  const Model& model;
  const Data& data;
  std::vector<Label> labels;
  std::vector<std::string> texts;

  Reference(const Model& m, DataIndex d) : model(m), data(m.data()[d]) {
    labels.push_back(data.label);
    texts.push_back(format_marking(data.marking, model.scheme(), data.owner));
  }
  std::size_t intern(const Label& label, const Marking& marking) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i] == label) return i;
    labels.push_back(label);
    texts.push_back(format_marking(marking, model.scheme(), data.owner));
    return labels.size() - 1;
  }
  bool adequate(const Link& link, Level level) const {
    const Scheme& scheme = model.scheme();
    if (link.carrier >= level || !scheme.is_controlled(level)) return true;
    if (scheme.is_classified(level)) return link.encryption == Encryption::csfc || link.encryption == Encryption::type1;
    return link.encryption != Encryption::none;
  }
  // Every (node, label) reachable from (n, label) in zero or more crossings.
  std::vector<std::pair<NodeIndex, std::size_t>> reach(NodeIndex n, std::size_t label) {
    std::vector<std::pair<NodeIndex, std::size_t>> seen = {{n, label}};
    for (std::size_t i = 0; i < seen.size(); ++i) {
      const auto [u, l] = seen[i];
      for (const Link& link : model.links()) {
        NodeIndex w;
        if (link.from == u)
          w = link.to;
        else if (link.to == u && link.kind != LinkKind::diode && link.direction == Direction::both)
          w = link.from;
        else
          continue;
        std::vector<std::size_t> next;
        const Label current = labels[l];
        if (link.kind == LinkKind::guard) {
          next.push_back(l);
          for (const Release& release : link.releases) {
            const Label from{release.from.level, release.from.compartments, every_country()};
            if (covers(from, current))
              next.push_back(intern(label_of(release.to, data.owner, model.scheme()), release.to));
          }
        } else if (link.kind == LinkKind::diode || adequate(link, current.level)) {
          next.push_back(l);
        }
        for (std::size_t t : next) {
          if (hold_failures(model.nodes()[w], labels[t], data.has_residency ? &data.residency : nullptr) != 0) continue;
          if (std::find(seen.begin(), seen.end(), std::make_pair(w, t)) == seen.end()) seen.emplace_back(w, t);
        }
      }
    }
    return seen;
  }
};

// An in-transit entry with its labels spelled out.
struct Transit {
  FlowIndex flow = 0;
  NodeIndex source = 0;
  DataIndex data = 0;
  std::vector<std::string> labels;
};

struct ReferenceCapture : Capture {
  std::vector<Transit> in_transit;
};

// report.in_transit(c) with each entry's labels as texts.
std::vector<Transit> transit_of(const ExposureReport& report, std::size_t c) {
  const TransitList list = report.in_transit(c);
  std::vector<Transit> out;
  for (const TransitExposure& entry : list.entries) {
    Transit transit{entry.flow, entry.source, entry.data, {}};
    for (std::uint32_t l : list.label_sets.at(entry.labels)) transit.labels.push_back(report.labels.at(l));
    out.push_back(transit);
  }
  return out;
}

std::size_t index_of(const ExposureReport& report, const Model& model, std::string_view node) {
  for (std::size_t c = 0; c < report.captures.size(); ++c)
    if (model.node_id(report.captures[c].node) == node) return c;
  FAIL("no capture of " << node);
  return 0;
}

// The capture of x straight from the spec.
ReferenceCapture reference_capture(const Model& model, NodeIndex x) {
  const Scheme& scheme = model.scheme();
  ReferenceCapture capture;
  capture.node = x;
  for (DataIndex d = 0; d < model.data().size(); ++d) {
    AtRestExposure at_rest{d, false, {}};
    for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
      const auto& uses = model.workloads()[w].uses;
      const auto nodes = model.placement().nodes_of(w);
      if (std::find(uses.begin(), uses.end(), d) != uses.end() && std::find(nodes.begin(), nodes.end(), x) != nodes.end())
        at_rest.workloads.push_back(w);
    }
    if (at_rest.workloads.empty()) continue;
    const Level level = model.data()[d].label.level;
    const AtRest encryption = model.nodes()[x].at_rest;
    at_rest.exposed = scheme.is_classified(level) ? encryption != AtRest::csfc && encryption != AtRest::type1
                      : scheme.is_controlled(level) ? encryption == AtRest::none
                                                    : false;
    capture.at_rest.push_back(at_rest);
  }
  CompartmentSet compartments;
  CountrySet owners;
  std::vector<DataIndex> exposed;
  auto count = [&](const Label& label, CountryId owner, DataIndex d) {
    if (!capture.summary.level || label.level > *capture.summary.level) capture.summary.level = label.level;
    compartments |= label.compartments;
    owners.insert(owner);
    if (std::find(exposed.begin(), exposed.end(), d) == exposed.end()) exposed.push_back(d);
  };
  for (const AtRestExposure& at_rest : capture.at_rest)
    if (at_rest.exposed) count(model.data()[at_rest.data].label, model.data()[at_rest.data].owner, at_rest.data);
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    const Flow& flow = model.flows()[f];
    const auto sinks = model.placement().nodes_of(flow.to);
    std::vector<NodeIndex> sources(model.placement().nodes_of(flow.from).begin(), model.placement().nodes_of(flow.from).end());
    std::sort(sources.begin(), sources.end());
    if (sinks.size() == 0) continue;
    for (NodeIndex a : sources) {
      if (a == x) continue;
      Reference search(model, flow.data);
      Transit transit{f, a, flow.data, {}};
      for (const auto& [n, l] : search.reach(a, 0)) {
        if (n != x) continue;
        bool onward = false;
        for (const auto& [b, unused] : search.reach(x, l))
          onward = onward || std::find(sinks.begin(), sinks.end(), b) != sinks.end();
        if (!onward) continue;
        transit.labels.push_back(search.texts[l]);
        count(search.labels[l], model.data()[flow.data].owner, flow.data);
      }
      if (transit.labels.empty()) continue;
      std::sort(transit.labels.begin(), transit.labels.end());
      capture.in_transit.push_back(transit);
    }
  }
  compartments.for_each([&](std::size_t id) {
    capture.summary.compartments.emplace_back(scheme.compartments().name(static_cast<CompartmentId>(id)));
  });
  std::sort(capture.summary.compartments.begin(), capture.summary.compartments.end());
  owners.for_each([&](std::size_t id) { capture.summary.owners.emplace_back(country_code(static_cast<CountryId>(id))); });
  std::sort(capture.summary.owners.begin(), capture.summary.owners.end());
  capture.summary.exposed_data = exposed.size();
  return capture;
}

void check_same(const ExposureReport& report, std::size_t c, const ReferenceCapture& want, const Model& model) {
  INFO("capture of " << model.node_id(want.node));
  const Capture& got = report.captures.at(c);
  const std::vector<Transit> got_transit = transit_of(report, c);
  CHECK(got.in_transit_count == got_transit.size());
  CHECK(got.node == want.node);
  REQUIRE(got.at_rest.size() == want.at_rest.size());
  for (std::size_t i = 0; i < want.at_rest.size(); ++i) {
    CHECK(got.at_rest[i].data == want.at_rest[i].data);
    CHECK(got.at_rest[i].exposed == want.at_rest[i].exposed);
    CHECK(got.at_rest[i].workloads == want.at_rest[i].workloads);
  }
  REQUIRE(got_transit.size() == want.in_transit.size());
  for (std::size_t i = 0; i < want.in_transit.size(); ++i) {
    INFO("flow " << model.flow_id(want.in_transit[i].flow) << " from " << model.node_id(want.in_transit[i].source));
    CHECK(got_transit[i].flow == want.in_transit[i].flow);
    CHECK(got_transit[i].source == want.in_transit[i].source);
    CHECK(got_transit[i].data == want.in_transit[i].data);
    CHECK(got_transit[i].labels == want.in_transit[i].labels);
  }
  CHECK(got.summary.level == want.summary.level);
  CHECK(got.summary.compartments == want.summary.compartments);
  CHECK(got.summary.owners == want.summary.owners);
  CHECK(got.summary.exposed_data == want.summary.exposed_data);
}

const char* relay_model = R"({
  "clearance": 1, "name": "relay",
  "nodes": [
    {"id": "hq", "jurisdiction": "USA", "accredited": "SECRET"},
    {"id": "cds", "jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "GBR"]},
    {"id": "kit", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "GBR"], "at_rest": "NAT"},
    {"id": "gbr", "jurisdiction": "GBR", "accredited": "SECRET"},
    {"id": "spur", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "GBR"]}
  ],
  "links": [
    {"id": "g", "kind": "guard", "from": "hq", "to": "cds",
     "releases": [{"from": "SECRET//NOFORN", "to": "SECRET//REL TO GBR"}]},
    {"id": "l1", "from": "cds", "to": "kit"},
    {"id": "l2", "from": "kit", "to": "gbr"},
    {"id": "l3", "from": "kit", "to": "spur"}
  ],
  "data": [
    {"id": "plan", "marking": "SECRET//NOFORN"},
    {"id": "notes", "marking": "UNCLASSIFIED"},
    {"id": "roster", "marking": "CUI"}
  ],
  "workloads": [
    {"id": "planner", "uses": ["plan"]},
    {"id": "ally", "uses": []},
    {"id": "field", "uses": ["notes", "roster", "plan"]},
    {"id": "field-2", "uses": ["roster"]}
  ],
  "flows": [{"id": "share", "from": "planner", "to": "ally", "data": "plan"}],
  "placement": {"planner": ["hq"], "ally": ["gbr"], "field": ["kit"], "field-2": ["kit"]}
})";

Model relay(std::string_view at_rest) {
  std::string text = relay_model;
  text.replace(text.find("NAT"), 3, at_rest);
  return load_model_json(text, "relay.json");
}

}  // namespace

TEST_SUITE("exposure") {

TEST_CASE("classified data at rest is protected only by csfc or type1, controlled data by anything but none") {
  for (const char* at_rest : {"none", "fips", "csfc", "type1"}) {
    const Model model = relay(at_rest);
    const ExposureReport report = exposure(model);
  const Capture& kit = capture_of(report, model, "kit");
    REQUIRE(kit.at_rest.size() == 3);
    INFO(at_rest);
    const std::string name = at_rest;
    CHECK(model.data_id(kit.at_rest[0].data) == "plan");
    CHECK(kit.at_rest[0].exposed == (name == "none" || name == "fips"));
    CHECK(model.data_id(kit.at_rest[1].data) == "notes");
    CHECK_FALSE(kit.at_rest[1].exposed);  // below controlled_from: always protected
    CHECK(model.data_id(kit.at_rest[2].data) == "roster");
    CHECK(kit.at_rest[2].exposed == (name == "none"));
    CHECK(kit.at_rest[2].workloads.size() == 2);
  }
}

TEST_CASE("a flow relayed through a guard carries the release's label at the captured relay") {
  const Model model = relay("csfc");
  const ExposureReport report = exposure(model);
  const Capture& kit = capture_of(report, model, "kit");
  const std::vector<Transit> transit = transit_of(report, index_of(report, model, "kit"));
  REQUIRE(transit.size() == 1);
  CHECK(model.flow_id(transit[0].flow) == "share");
  CHECK(model.node_id(transit[0].source) == "hq");
  CHECK(transit[0].labels == std::vector<std::string>{"SECRET//REL TO USA, GBR"});
  CHECK(kit.summary.owners == std::vector<std::string>{"USA"});
  CHECK(model.scheme().level_name(*kit.summary.level) == "SECRET");
}

TEST_CASE("a detour through a spur counts as passing it") {
  const Model model = relay("csfc");
  const ExposureReport report = exposure(model);
  const Capture& spur = capture_of(report, model, "spur");
  REQUIRE(transit_of(report, index_of(report, model, "spur")).size() == 1);
  CHECK(spur.in_transit_count == 1);
  CHECK(spur.at_rest.empty());
}

TEST_CASE("a capture names one node, by index or id") {
  const Model model = relay("csfc");
  const ExposureReport by_id = exposure(model, "cds");
  REQUIRE(by_id.captures.size() == 1);
  CHECK(model.node_id(by_id.captures[0].node) == "cds");
  CHECK(transit_of(by_id, 0).size() == 1);
  CHECK_THROWS_AS(exposure(model, "kti"), error);
  ExposureOptions options;
  options.capture = 99;
  CHECK_THROWS_AS(exposure(model, options), error);
}

TEST_CASE("the source node itself is not a capture of its own flow") {
  const Model model = relay("csfc");
  const ExposureReport report = exposure(model, "hq");
  CHECK(transit_of(report, 0).empty());
  CHECK(report.captures[0].at_rest.front().exposed);  // the at-rest test holds whatever the node's kind
}

TEST_CASE("the routes through a captured relay cross every link of the walks through it, each way it is crossed") {
  const Model model = relay("csfc");
  const ExposureReport report = exposure(model);
  std::vector<std::string> crossed;
  for (const RouteCrossing& crossing : route_crossings(model, report, index_of(report, model, "kit")))
    crossed.push_back(std::string(model.link_id(crossing.link)) + (crossing.forward ? " forward" : " back"));
  // hq -g-> cds -l1-> kit -l2-> gbr, and the walks' detours back over each link (the released
  // label may go back to hq, which holds it, and on again; kit -> spur -> kit; ...).
  CHECK(crossed == std::vector<std::string>{"g forward", "g back", "l1 forward", "l1 back", "l2 forward", "l2 back",
                                            "l3 forward", "l3 back"});
}

TEST_CASE("a capture that nothing passes has no route to draw") {
  const Model model = relay("csfc");
  const ExposureReport report = exposure(model, "hq");
  CHECK(route_crossings(model, report, 0).empty());
  CHECK_THROWS_AS(route_crossings(model, report, 1), error);
}

TEST_CASE("captures that expose alike rank in node order") {
  const Model model = relay("type1");
  const ExposureReport report = exposure(model);
  REQUIRE(report.captures.size() == 2);  // kit and spur, the edge nodes
  const std::vector<std::size_t> order = rank_captures(report);
  CHECK(order == std::vector<std::size_t>{0, 1});
  CHECK(model.node_id(report.captures[0].node) == "kit");
}

TEST_CASE("nothing exposed gives no level and ranks last") {
  const Model model = load_model_json(R"({"clearance": 1, "name": "quiet",
    "nodes": [{"id": "a", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "at_rest": "type1"},
              {"id": "b", "kind": "edge", "jurisdiction": "USA", "accredited": "SECRET"}],
    "data": [{"id": "d", "marking": "SECRET"}, {"id": "p", "marking": "U"}],
    "workloads": [{"id": "w", "uses": ["d"]}, {"id": "v", "uses": ["p"]}],
    "placement": {"w": ["a"], "v": ["b"]}})",
                                      "quiet.json");
  const ExposureReport report = exposure(model);
  REQUIRE(report.captures.size() == 2);
  CHECK_FALSE(report.captures[0].summary.level);
  CHECK_FALSE(report.captures[1].summary.level);
  CHECK(to_json(report, model).find("\"summary\": {\"level\": null, \"compartments\": [], \"owners\": []}") !=
        std::string::npos);
  CHECK(rank_captures(report) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("the edge relay example exposes what docs/exposure.md says") {
  const Model model = example("edge-relay");
  const ExposureReport report = exposure(model);
  REQUIRE(report.captures.size() == 3);
  const Capture& kit = capture_of(report, model, "patrol-kit");
  REQUIRE(kit.at_rest.size() == 2);
  CHECK(kit.at_rest[0].exposed);
  CHECK_FALSE(kit.at_rest[1].exposed);
  const std::vector<Transit> transit = transit_of(report, index_of(report, model, "patrol-kit"));
  REQUIRE(transit.size() == 2);
  CHECK(transit[0].labels == std::vector<std::string>{"SECRET//REL TO USA, GBR"});
  CHECK(kit.summary.owners == std::vector<std::string>{"GBR", "USA"});
  const std::vector<std::size_t> order = rank_captures(report);
  CHECK(model.node_id(report.captures[order.front()].node) == "patrol-kit");
  CHECK(model.node_id(report.captures[order.back()].node) == "sensor-post");
}

TEST_CASE("the edge relay example's exposure report is its golden file") {
  const Model model = example("edge-relay");
  std::ifstream in(std::string(CLEARANCE_SOURCE_DIR) + "/tests/golden/edge-relay.exposure.json", std::ios::binary);
  const std::string golden((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(to_json(exposure(model), model) == golden);
}

TEST_CASE("every node of random models is exposed as a walk-by-walk search from the spec finds") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const Model model = reference::random_flow_model(seed);
    INFO("seed " << seed);
    for (NodeIndex x = 0; x < model.nodes().size(); ++x) {
      ExposureOptions options;
      options.capture = x;
      const ExposureReport report = exposure(model, options);
      REQUIRE(report.captures.size() == 1);
      check_same(report, 0, reference_capture(model, x), model);
    }
  }
}

TEST_CASE("capturing every edge node at once gives each node's own capture") {
  GenerateOptions generate;
  generate.nodes = 1300;
  generate.workloads = 3000;
  generate.flows = 3000;
  const Model model = load_model_json(generate_estate(generate), "estate.json");
  const ExposureReport all = exposure(model);
  REQUIRE(all.captures.size() > 64);  // more capture vertices than a word
  std::size_t in_transit = 0;
#ifdef CLEARANCE_TESTS_SANITIZED
  constexpr std::size_t step = 31;  // each capture alone is a whole search: fewer under the sanitizers
#else
  constexpr std::size_t step = 7;
#endif
  for (std::size_t i = 0; i < all.captures.size(); i += step) {
    ExposureOptions options;
    options.capture = all.captures[i].node;
    const ExposureReport one = exposure(model, options);
    const std::vector<Transit> want = transit_of(one, 0);
    const std::vector<Transit> got = transit_of(all, i);
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      CHECK(got[k].flow == want[k].flow);
      CHECK(got[k].source == want[k].source);
      CHECK(got[k].labels == want[k].labels);
    }
    CHECK(all.captures[i].summary.level == one.captures[0].summary.level);
    CHECK(all.captures[i].summary.owners == one.captures[0].summary.owners);
    CHECK(all.captures[i].summary.compartments == one.captures[0].summary.compartments);
    CHECK(all.captures[i].summary.exposed_data == one.captures[0].summary.exposed_data);
    CHECK(all.captures[i].in_transit_count == want.size());
    in_transit += got.size();
  }
  CHECK(in_transit > 0);
}

}  // TEST_SUITE
