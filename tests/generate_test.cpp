// The synthetic estate generator (issue 9): deterministic, loadable, and shaped like an
// estate: levels, edge devices, cross-domain links, releasability, mostly compliant
// placements and mostly local flows.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>

#include "country_helpers.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace clearance;

namespace {

const Model& estate_of_2000_nodes() {
  static const Model model = load_model_json(generate_estate({2'000, 20'000, 20'000, 7}), "estate.json");
  return model;
}

std::size_t count_rule(const Report& report, RuleId rule) {
  return static_cast<std::size_t>(std::count_if(report.findings.begin(), report.findings.end(),
                                                [&](const Finding& f) { return f.rule == rule; }));
}

}  // namespace

TEST_SUITE("generate") {

TEST_CASE("the same options give the same bytes, and another seed another estate") {
  const GenerateOptions options{300, 2'000, 2'000, 11};
  const std::string first = generate_estate(options);
  CHECK(generate_estate(options) == first);
  GenerateOptions other = options;
  other.seed = 12;
  CHECK(generate_estate(other) != first);
}

TEST_CASE("a generated estate loads with the counts it was asked for") {
  const Model& model = estate_of_2000_nodes();
  CHECK(model.nodes().size() == 2'000);
  CHECK(model.workloads().size() == 20'000);
  CHECK(model.flows().size() == 20'000);
  CHECK(load_model_json(generate_estate({16, 10, 10, 1}), "tiny.json").nodes().size() == 16);  // the least
}

TEST_CASE("sizes outside the documented bounds are refused, never rounded or allocated") {
  GenerateOptions options{GenerateOptions::min_nodes - 1, 10, 10, 1};
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);  // no longer quietly 16
  options.nodes = GenerateOptions::max_nodes + 1;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
  options.nodes = 4'294'967'295u;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
  options.nodes = 100;
  options.workloads = GenerateOptions::max_workloads + 1;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
  options.workloads = 10;
  options.flows = GenerateOptions::max_flows + 1;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
  options.flows = 10;
  options.violations_percent = 101;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
}

TEST_CASE("node levels lean toward UNCLASSIFIED, CUI and SECRET, with a few TOP SECRET compartments") {
  const Model& model = estate_of_2000_nodes();
  const Scheme& scheme = model.scheme();
  const Level secret = *scheme.find_level("SECRET");
  std::size_t up_to_secret = 0, top_secret_with_compartments = 0;
  for (const Node& node : model.nodes()) {
    if (node.accredited.level <= secret) ++up_to_secret;
    if (node.accredited.level > secret && !node.accredited.compartments.empty()) ++top_secret_with_compartments;
  }
  CHECK(up_to_secret > model.nodes().size() * 8 / 10);
  CHECK(top_secret_with_compartments > 0);
  CHECK(top_secret_with_compartments < model.nodes().size() / 5);
}

TEST_CASE("five to ten percent of the nodes are edge devices") {
  const Model& model = estate_of_2000_nodes();
  const auto edges = std::count_if(model.nodes().begin(), model.nodes().end(), [](const Node& n) { return n.is_edge(); });
  CHECK(edges >= 100);
  CHECK(edges <= 200);
}

TEST_CASE("domains meet only through guards and diodes") {
  const Model& model = estate_of_2000_nodes();
  std::set<LinkKind> kinds;
  for (const Link& link : model.links()) kinds.insert(link.kind);
  CHECK(kinds.count(LinkKind::guard) == 1);
  CHECK(kinds.count(LinkKind::diode) == 1);
  const Report report = check(model);
  CHECK(count_rule(report, RuleId::link_boundary) == 0);
  CHECK(count_rule(report, RuleId::link_transport) == 0);
}

TEST_CASE("data is released to the Five Eyes and to NATO") {
  const Model& model = estate_of_2000_nodes();
  bool fvey = false, nato = false;
  for (const Data& data : model.data()) {
    const CountrySet& releasable = data.label.releasable;
    if (releasable.contains(country("GBR")) && releasable.contains(country("NZL"))) fvey = true;
    if (releasable.contains(country("DEU")) && releasable.contains(country("POL"))) nato = true;
  }
  CHECK(fvey);
  CHECK(nato);
}

TEST_CASE("placements are mostly but not entirely compliant") {
  const Model& model = estate_of_2000_nodes();
  const Report report = check(model);
  std::set<std::uint32_t> misplaced;
  for (const Finding& f : report.findings)
    if (f.rule == RuleId::placement_level || f.rule == RuleId::placement_compartments ||
        f.rule == RuleId::placement_release)
      misplaced.insert(f.workload);
  CHECK(!misplaced.empty());
  CHECK(misplaced.size() < model.workloads().size() / 10);
  CHECK(count_rule(report, RuleId::placement_missing) > 0);
  CHECK(count_rule(report, RuleId::placement_missing) < model.workloads().size() / 50);
}

TEST_CASE("most flows are met, and each flow rule fires somewhere") {
  const Model& model = estate_of_2000_nodes();
  const Report report = check(model);
  const std::size_t route = count_rule(report, RuleId::flow_route);
  const std::size_t bandwidth = count_rule(report, RuleId::flow_bandwidth);
  const std::size_t latency = count_rule(report, RuleId::flow_latency);
  CHECK(route > 0);
  CHECK(bandwidth > 0);
  CHECK(latency > 0);
  CHECK(route + bandwidth + latency < model.flows().size() / 5);
}

// Flows whose first source and first target replica are six or more links apart, ignoring
// directions: in a region a flow crosses at most host, gateway, guards, gateway, host.
std::size_t far_flows(const Model& model) {
  std::vector<std::vector<NodeIndex>> neighbours(model.nodes().size());
  for (const Link& link : model.links()) {
    neighbours[link.from].push_back(link.to);
    neighbours[link.to].push_back(link.from);
  }
  std::size_t far = 0;
  std::vector<std::uint32_t> depth(model.nodes().size());
  for (const Flow& flow : model.flows()) {
    const Span<NodeIndex> from = model.placement().nodes_of(flow.from), to = model.placement().nodes_of(flow.to);
    if (from.empty() || to.empty()) continue;
    std::fill(depth.begin(), depth.end(), 0xFFFFFFFFu);
    std::vector<NodeIndex> frontier{from[0]};
    depth[from[0]] = 0;
    for (std::uint32_t level = 1; level < 6 && !frontier.empty(); ++level) {
      std::vector<NodeIndex> next;
      for (NodeIndex u : frontier)
        for (NodeIndex v : neighbours[u])
          if (depth[v] == 0xFFFFFFFFu) {
            depth[v] = level;
            next.push_back(v);
          }
      frontier.swap(next);
    }
    if (depth[to[0]] == 0xFFFFFFFFu) ++far;  // six or more links apart, or not joined
  }
  return far;
}

TEST_CASE("cross_estate_percent sets how many flows leave their region") {
  GenerateOptions options{300, 3'000, 3'000, 7};
  options.cross_estate_percent = 0;
  const std::size_t none = far_flows(load_model_json(generate_estate(options), "estate.json"));
  options.cross_estate_percent = 10;
  const std::size_t many = far_flows(load_model_json(generate_estate(options), "estate.json"));
  CHECK(none < options.flows / 50);  // misplaced workloads in unjoined enclaves, and a few fallbacks
  CHECK(many > 2 * none);
  options.cross_estate_percent = 11;
  CHECK_THROWS_AS(generate_estate(options), std::invalid_argument);
}

TEST_CASE("violations_percent 0 is the mostly compliant estate, and violations are the same for a seed") {
  GenerateOptions options{300, 3'000, 3'000, 5};
  const std::string compliant = generate_estate(options);
  options.violations_percent = 0;
  CHECK(generate_estate(options) == compliant);
  options.violations_percent = 70;
  const std::string heavy = generate_estate(options);
  CHECK(heavy != compliant);
  CHECK(generate_estate(options) == heavy);
  const Model model = load_model_json(heavy, "estate.json");
  CHECK(model.nodes().size() == 300);
  CHECK(model.workloads().size() == 3'000);
  CHECK(model.flows().size() == 3'000);
}

TEST_CASE("a findings-heavy estate is mostly broken flows and data placed where it is not releasable") {
  GenerateOptions options{400, 10'000, 10'000, 42};
  const Report compliant = check(load_model_json(generate_estate(options), "estate.json"));
  options.violations_percent = 70;
  const Report heavy = check(load_model_json(generate_estate(options), "estate.json"));
  // The 100k estate at 70% has ~37,000 flow.route and ~25,000 placement.release findings
  // of ~90,000 (docs/performance.md § Findings-heavy estates).
  CHECK(heavy.findings.size() > 3 * compliant.findings.size());
  const std::size_t route = count_rule(heavy, RuleId::flow_route);
  const std::size_t release = count_rule(heavy, RuleId::placement_release);
  CHECK(route > 5 * count_rule(compliant, RuleId::flow_route));
  CHECK(release > 5 * count_rule(compliant, RuleId::placement_release));
  CHECK(route + release > heavy.findings.size() / 2);
  for (RuleId rule : {RuleId::placement_missing, RuleId::availability_replicas, RuleId::flow_latency,
                      RuleId::flow_bandwidth, RuleId::placement_impact_level})
    CHECK(count_rule(heavy, rule) > count_rule(compliant, rule));
}

}  // TEST_SUITE("generate")
