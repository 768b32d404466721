// Tests of check.hpp: every rule of spec §4 (but the flow rules) fires and stays quiet
// at its boundaries, and findings come once per rule and key, in the order of spec §5.
#include <doctest/doctest.h>

#include <clearance/builder.hpp>
#include <clearance/check.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/testing.hpp>

#include <string>
#include <tuple>
#include <vector>

using namespace clearance;

namespace {

Model load(const std::string& json) { return load_model_json(json, "test.json"); }

// One node `n`, one data `d` and one workload `w` that uses d and is placed on n; the
// arguments are the JSON members of each, after their ids.
Model hosting(const std::string& node, const std::string& data, const std::string& workload = "") {
  return load(R"({"clearance": 1, "nodes": [{"id": "n", )" + node + R"(}], "data": [{"id": "d", )" +
              data + R"(}], "workloads": [{"id": "w", "uses": ["d"])" + workload +
              R"(}], "placement": {"w": ["n"]}})");
}

const std::string us_secret = R"("jurisdiction": "USA", "accredited": "SECRET")";

std::vector<std::string> rules_of(const Report& report) {
  std::vector<std::string> names;
  for (const Finding& finding : report.findings) names.emplace_back(rule_info(finding.rule).name);
  return names;
}

const Finding* first_of(const Report& report, RuleId rule) {
  for (const Finding& finding : report.findings)
    if (finding.rule == rule) return &finding;
  return nullptr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("check") {

TEST_CASE("a model whose workloads all sit on nodes that hold their data is compliant") {
  CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "SECRET")"));
}

TEST_CASE("an unplaced workload is reported as placement.missing and nothing else") {
  Model model = load(R"({"clearance": 1,
    "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET"}],
    "data": [{"id": "d", "marking": "TOP SECRET"}],
    "workloads": [{"id": "w", "uses": ["d"], "replicas": 3, "min_zones": 2}]})");
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"placement.missing"});
  CHECK(report.findings[0].workload == 0);
  CHECK(report.findings[0].node == no_key);
  CHECK(contains(report.findings[0].message, "workload `w` has no node"));
}

TEST_CASE("a node accredited below the data's level is reported as placement.level") {
  Model model = hosting(us_secret, R"("marking": "TOP SECRET//SI")", "");
  CLEARANCE_CHECK_FINDS_N(model, "placement.level", 1);
  Report report = check(model);
  const Finding* finding = first_of(report, RuleId::placement_level);
  REQUIRE(finding != nullptr);
  CHECK(finding->severity == Severity::critical);
  CHECK(finding->workload == 0);
  CHECK(finding->node == 0);
  CHECK(finding->data == 0);
  CHECK(contains(finding->message, "node `n` is accredited SECRET"));
  CHECK(contains(finding->message, "TOP SECRET//SI"));
  CHECK(contains(finding->message, "accredited TOP SECRET or higher"));
}

TEST_CASE("a node accredited at exactly the data's level holds it") {
  SUBCASE("SECRET") { CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "SECRET")")); }
  SUBCASE("by alias") { CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "ts")", R"("marking": "TOP SECRET")")); }
  SUBCASE("above") { CLEARANCE_CHECK_DOES_NOT_FIND(hosting(us_secret, R"("marking": "CONFIDENTIAL")"), "placement.level"); }
}

TEST_CASE("a node without a compartment of the data is reported as placement.compartments") {
  Model model = hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET//SI")",
                        R"("marking": "TOP SECRET//SI/TK//NOFORN")");
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"placement.compartments"});
  CHECK(contains(report.findings[0].message, "without compartment TK"));
  CHECK(contains(report.findings[0].message, "accredited for SI/TK"));
}

TEST_CASE("compartments are atomic: SI-G is not SI") {
  CLEARANCE_CHECK_FINDS_N(hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET//SI")",
                                  R"("marking": "TOP SECRET//SI-G")"),
                          "placement.compartments", 1);
}

TEST_CASE("data without compartments needs none, and a node with more compartments holds data with fewer") {
  SUBCASE("empty set on both") { CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "SECRET")")); }
  SUBCASE("node has extra") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK")",
                                      R"("marking": "TOP SECRET//TK")"));
  }
  SUBCASE("equal sets") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET//SI/TK")",
                                      R"("marking": "TOP SECRET//TK/SI")"));
  }
}

TEST_CASE("a node reachable by foreign nationals is reported as placement.release with the facts") {
  Model model = hosting(R"("jurisdiction": "GBR", "accredited": "SECRET")", R"("marking": "SECRET//NOFORN")");
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"placement.release"});
  const std::string& message = report.findings[0].message;
  CHECK(contains(message, "node `n` is reachable by GBR personnel"));
  CHECK(contains(message, "data `d` is SECRET//NOFORN, releasable to USA only"));
  CHECK(report.findings[0].severity == Severity::critical);
}

TEST_CASE("owner-only releasable sets admit exactly the owner's nationals") {
  SUBCASE("NOFORN, owner's personnel only") {
    CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "SECRET//NOFORN")"));
  }
  SUBCASE("unreviewed controlled data, owner's personnel only") {
    CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "CUI")"));
  }
  SUBCASE("unreviewed classified data, coalition personnel") {
    Model model = hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "access": ["FVEY"])",
                          R"("marking": "SECRET")");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"placement.release"});
    CHECK(contains(report.findings[0].message, "reachable by AUS, CAN, GBR, NZL personnel"));
    CHECK(contains(report.findings[0].message, "not yet reviewed for foreign release"));
  }
  SUBCASE("a foreign owner's NOFORN data on a US node") {
    CLEARANCE_CHECK_FINDS_N(hosting(us_secret, R"("marking": "SECRET//NOFORN", "owner": "GBR")"),
                            "placement.release", 1);
  }
}

TEST_CASE("REL TO admits the listed nationals and no others") {
  SUBCASE("access equal to the releasable set") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "GBR", "accredited": "SECRET", "access": ["USA", "GBR"])",
                                      R"("marking": "SECRET//REL TO USA, GBR")"));
  }
  SUBCASE("one national too many") {
    Model model = hosting(R"("jurisdiction": "GBR", "accredited": "SECRET", "access": ["USA", "GBR", "FRA"])",
                          R"("marking": "SECRET//REL TO USA, GBR")");
    Report report = check(model);
    REQUIRE(report.findings.size() == 1);
    CHECK(contains(report.findings[0].message, "reachable by FRA personnel"));
    CHECK(contains(report.findings[0].message, "releasable to USA, GBR;"));
  }
}

TEST_CASE("public data is releasable to every country") {
  CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "FRA", "accredited": "UNCLASSIFIED", "access": ["NATO"])",
                                    R"("marking": "UNCLASSIFIED")"));
}

TEST_CASE("a node outside the data's residency is reported as placement.residency") {
  Model model = hosting(R"("jurisdiction": "DEU", "accredited": "CUI", "access": ["USA"])",
                        R"("marking": "CUI", "residency": ["USA", "GBR"])");
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"placement.residency"});
  CHECK(report.findings[0].severity == Severity::high);
  CHECK(contains(report.findings[0].message, "node `n` is in DEU"));
  CHECK(contains(report.findings[0].message, "must reside in GBR, USA"));
}

TEST_CASE("residency is met inside it and absent without it") {
  SUBCASE("inside") { CLEARANCE_CHECK_COMPLIANT(hosting(us_secret, R"("marking": "SECRET", "residency": ["FVEY"])")); }
  SUBCASE("none") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "DEU", "accredited": "SECRET", "access": ["USA"])",
                                      R"("marking": "SECRET")"));
  }
}

TEST_CASE("a node without the data's impact level is reported as placement.impact-level") {
  SUBCASE("no impact level") {
    Model model = hosting(R"("jurisdiction": "USA", "accredited": "CUI")", R"("marking": "CUI", "impact_level": "IL5")");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"placement.impact-level"});
    CHECK(contains(report.findings[0].message, "node `n` has no impact level"));
    CHECK(contains(report.findings[0].message, "needs IL5 or higher"));
  }
  SUBCASE("a lower one") {
    CLEARANCE_CHECK_FINDS_N(hosting(R"("jurisdiction": "USA", "accredited": "CUI", "impact_level": "IL4")",
                                    R"("marking": "CUI", "impact_level": "IL5")"),
                            "placement.impact-level", 1);
  }
}

TEST_CASE("a node at or above the data's impact level, or data without one, is fine") {
  SUBCASE("equal") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "CUI", "impact_level": "IL5")",
                                      R"("marking": "CUI", "impact_level": "IL5")"));
  }
  SUBCASE("higher") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "CUI", "impact_level": "IL6")",
                                      R"("marking": "CUI", "impact_level": "IL4")"));
  }
  SUBCASE("data without one") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "CUI")", R"("marking": "CUI")"));
  }
}

TEST_CASE("classified data on an edge device needs csfc or type1 at rest") {
  const std::string edge = R"("kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "at_rest": )";
  SUBCASE("none") { CLEARANCE_CHECK_FINDS_N(hosting(edge + R"("none")", R"("marking": "SECRET")"), "edge.at-rest", 1); }
  SUBCASE("fips") {
    Model model = hosting(edge + R"("fips")", R"("marking": "SECRET")");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"edge.at-rest"});
    CHECK(contains(report.findings[0].message, "at-rest encryption fips"));
    CHECK(contains(report.findings[0].message, "needs csfc or type1"));
  }
  SUBCASE("csfc") { CLEARANCE_CHECK_COMPLIANT(hosting(edge + R"("csfc")", R"("marking": "SECRET")")); }
  SUBCASE("type1") { CLEARANCE_CHECK_COMPLIANT(hosting(edge + R"("type1")", R"("marking": "SECRET")")); }
}

TEST_CASE("controlled data on an edge device needs any encryption at rest, public data none") {
  const std::string edge = R"("kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "at_rest": )";
  CLEARANCE_CHECK_FINDS_N(hosting(edge + R"("none")", R"("marking": "CUI")"), "edge.at-rest", 1);
  CLEARANCE_CHECK_COMPLIANT(hosting(edge + R"("fips")", R"("marking": "CUI")"));
  CLEARANCE_CHECK_COMPLIANT(hosting(edge + R"("none")", R"("marking": "UNCLASSIFIED")"));
}

TEST_CASE("a region needs no encryption at rest") {
  CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "at_rest": "none")",
                                    R"("marking": "SECRET")"));
}

TEST_CASE("an edge offline longer than the workload tolerates is reported as edge.staleness") {
  const std::string edge =
      R"("kind": "edge", "jurisdiction": "USA", "accredited": "SECRET", "at_rest": "type1", "connectivity": {"mean_online_h": 10, "mean_offline_h": 12})";
  SUBCASE("longer") {
    Model model = hosting(edge, R"("marking": "SECRET")", R"(, "max_staleness_h": 8)");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"edge.staleness"});
    CHECK(report.findings[0].workload == 0);
    CHECK(report.findings[0].node == 0);
    CHECK(report.findings[0].data == no_key);
    CHECK(contains(report.findings[0].message, "offline 12 h on average"));
    CHECK(contains(report.findings[0].message, "tolerates 8 h"));
  }
  SUBCASE("exactly as long") { CLEARANCE_CHECK_COMPLIANT(hosting(edge, R"("marking": "SECRET")", R"(, "max_staleness_h": 12)")); }
  SUBCASE("no tolerance set") { CLEARANCE_CHECK_COMPLIANT(hosting(edge, R"("marking": "SECRET")")); }
}

TEST_CASE("edge.staleness concerns edge devices only") {
  CLEARANCE_CHECK_COMPLIANT(hosting(
      R"("jurisdiction": "USA", "accredited": "SECRET", "connectivity": {"mean_online_h": 1, "mean_offline_h": 100})",
      R"("marking": "SECRET")", R"(, "max_staleness_h": 1)"));
}

TEST_CASE("a workload on fewer nodes than its replicas is reported as availability.replicas") {
  const std::string nodes = R"("nodes": [{"id": "a", "jurisdiction": "USA", "accredited": "SECRET"},
                                          {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"}])";
  SUBCASE("one of two") {
    Model model = load(R"({"clearance": 1, )" + nodes + R"(, "workloads": [{"id": "w", "replicas": 2}], "placement": {"w": ["a"]}})");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"availability.replicas"});
    CHECK(contains(report.findings[0].message, "asks for 2 replicas but is placed on 1 node (`a`)"));
  }
  SUBCASE("two of two") {
    CLEARANCE_CHECK_COMPLIANT(load(R"({"clearance": 1, )" + nodes +
                                   R"(, "workloads": [{"id": "w", "replicas": 2}], "placement": {"w": ["a", "b"]}})"));
  }
  SUBCASE("more than asked") {
    CLEARANCE_CHECK_COMPLIANT(load(R"({"clearance": 1, )" + nodes + R"(, "workloads": [{"id": "w"}], "placement": {"w": ["a", "b"]}})"));
  }
}

TEST_CASE("a workload in fewer zones than min_zones is reported as availability.zones") {
  const std::string nodes = R"("nodes": [{"id": "a", "jurisdiction": "USA", "accredited": "SECRET", "zone": "east"},
                                          {"id": "b", "jurisdiction": "USA", "accredited": "SECRET", "zone": "east"},
                                          {"id": "c", "jurisdiction": "USA", "accredited": "SECRET", "zone": "west"},
                                          {"id": "d", "jurisdiction": "USA", "accredited": "SECRET"}])";
  auto with = [&](const std::string& placed) {
    return load(R"({"clearance": 1, )" + nodes +
                R"(, "workloads": [{"id": "w", "replicas": 2, "min_zones": 2}], "placement": {"w": )" + placed + "}}");
  };
  SUBCASE("two nodes in one zone") {
    Report report = check(with(R"(["a", "b"])"));
    CHECK(rules_of(report) == std::vector<std::string>{"availability.zones"});
    CHECK(contains(report.findings[0].message, "span 1 zone (`east`)"));
  }
  SUBCASE("one node: both replicas and zones fall short") {
    CHECK(rules_of(check(with(R"(["c"])"))) ==
          std::vector<std::string>{"availability.replicas", "availability.zones"});
  }
  SUBCASE("two zones") { CLEARANCE_CHECK_COMPLIANT(with(R"(["a", "c"])")); }
  SUBCASE("a node without a zone is its own zone") { CLEARANCE_CHECK_COMPLIANT(with(R"(["a", "d"])")); }
}

TEST_CASE("placement.missing stands alone: an unplaced workload has no availability findings") {
  Model model = load(R"({"clearance": 1, "workloads": [{"id": "w", "replicas": 2, "min_zones": 2}]})");
  CHECK(rules_of(check(model)) == std::vector<std::string>{"placement.missing"});
}

// A node `n` with the given capacity members and workloads `a` and `b` on it needing
// the given cpu (JSON numbers, written exactly).
Model loaded_node(const std::string& capacity, const std::string& need_a, const std::string& need_b) {
  return load(R"({"clearance": 1, "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "SECRET")" + capacity +
              R"(}], "workloads": [{"id": "a", "resources": {"cpu": )" + need_a +
              R"(}}, {"id": "b", "resources": {"cpu": )" + need_b + R"(}}], "placement": {"a": ["n"], "b": ["n"]}})");
}

TEST_CASE("a node whose placed workloads need more than its capacity is reported once per resource") {
  Model model = loaded_node(R"(, "capacity": {"cpu": 10})", "6", "6");
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"capacity.exceeded"});
  CHECK(report.findings[0].node == 0);
  CHECK(report.findings[0].resource == *model.resource_names().find("cpu"));
  CHECK(report.findings[0].workload == no_key);
  CHECK(contains(report.findings[0].message, "node `n` has 10 of `cpu`"));
  CHECK(contains(report.findings[0].message, "the 2 replicas placed on it need 12"));
}

TEST_CASE("capacity is met exactly and within the 1e-9 slack") {
  SUBCASE("equal") { CLEARANCE_CHECK_COMPLIANT(loaded_node(R"(, "capacity": {"cpu": 10})", "4", "6")); }
  SUBCASE("within the slack") {
    // 100 x (1 + 1e-9) = 100.0000001
    CLEARANCE_CHECK_COMPLIANT(loaded_node(R"(, "capacity": {"cpu": 100})", "50", "50.00000005"));
  }
  SUBCASE("beyond the slack") {
    CLEARANCE_CHECK_FINDS_N(loaded_node(R"(, "capacity": {"cpu": 100})", "50", "50.0000002"), "capacity.exceeded", 1);
  }
}

TEST_CASE("a node without capacity is unlimited, and one with capacity has none of what it does not list") {
  SUBCASE("unlimited") { CLEARANCE_CHECK_COMPLIANT(loaded_node("", "1e300", "1e300")); }
  SUBCASE("an unlisted resource is zero") {
    Model model = loaded_node(R"(, "capacity": {"gpu": 8})", "1", "0");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"capacity.exceeded"});
    CHECK(contains(report.findings[0].message, "has no `cpu`"));
  }
  SUBCASE("an empty capacity is zero of everything") {
    CLEARANCE_CHECK_FINDS_N(loaded_node(R"(, "capacity": {})", "1", "1"), "capacity.exceeded", 1);
  }
  SUBCASE("needing nothing fits in zero") { CLEARANCE_CHECK_COMPLIANT(loaded_node(R"(, "capacity": {"cpu": 0})", "0", "0")); }
}

TEST_CASE("a workload's replicas on two nodes take their resources once from each") {
  Model model = load(R"({"clearance": 1, "nodes": [
      {"id": "a", "jurisdiction": "USA", "accredited": "SECRET", "capacity": {"cpu": 6}},
      {"id": "b", "jurisdiction": "USA", "accredited": "SECRET", "capacity": {"cpu": 6}}],
    "workloads": [{"id": "w", "replicas": 2, "resources": {"cpu": 6}}], "placement": {"w": ["a", "b"]}})");
  CLEARANCE_CHECK_COMPLIANT(model);
}

TEST_CASE("a node accredited above its impact level is reported as node.impact-level") {
  SUBCASE("above") {
    Model model = hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET", "impact_level": "IL6")",
                          R"("marking": "TOP SECRET")");
    Report report = check(model);
    CHECK(rules_of(report) == std::vector<std::string>{"node.impact-level"});
    CHECK(report.findings[0].node == 0);
    CHECK(report.findings[0].workload == no_key);
    CHECK(contains(report.findings[0].message, "is IL6, which allows at most SECRET"));
  }
  SUBCASE("at the highest level") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "impact_level": "IL6")",
                                      R"("marking": "SECRET")"));
  }
  SUBCASE("without an impact level") {
    CLEARANCE_CHECK_COMPLIANT(hosting(R"("jurisdiction": "USA", "accredited": "TOP SECRET")", R"("marking": "SECRET")"));
  }
}

// Two nodes `a` and `b` with the given accreditations, joined by link `l` with the
// given members.
Model linked(const std::string& a, const std::string& b, const std::string& link) {
  return load(R"({"clearance": 1, "nodes": [{"id": "a", "jurisdiction": "USA", "accredited": ")" + a +
              R"("}, {"id": "b", "jurisdiction": "USA", "accredited": ")" + b +
              R"("}], "links": [{"id": "l", "from": "a", "to": "b")" + link + "}]}");
}

TEST_CASE("a network or courier link between different domains is reported as link.boundary") {
  SUBCASE("levels differ") {
    Report report = check(linked("SECRET", "TOP SECRET", ""));
    CHECK(rules_of(report) == std::vector<std::string>{"link.boundary"});
    CHECK(report.findings[0].link == 0);
    CHECK(contains(report.findings[0].message, "network link `l` joins `a` (SECRET) and `b` (TOP SECRET)"));
  }
  SUBCASE("compartments differ") {
    CLEARANCE_CHECK_FINDS_N(linked("TOP SECRET//SI", "TOP SECRET//SI/TK", ""), "link.boundary", 1);
  }
  SUBCASE("a courier") { CLEARANCE_CHECK_FINDS_N(linked("SECRET", "CUI", R"(, "kind": "courier")"), "link.boundary", 1); }
}

TEST_CASE("equal domains, guards and diodes are not boundary violations") {
  CLEARANCE_CHECK_COMPLIANT(linked("TOP SECRET//SI/TK", "TOP SECRET//TK/SI", ""));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "TOP SECRET", R"(, "kind": "diode")"));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "CUI", R"(, "kind": "guard", "releases": [{"from": "SECRET", "to": "CUI"}])"));
}

TEST_CASE("a link carried below its endpoints without adequate encryption is reported as link.transport") {
  SUBCASE("classified over a lower carrier in the clear") {
    Report report = check(linked("SECRET", "SECRET", R"(, "carrier": "UNCLASSIFIED")"));
    CHECK(rules_of(report) == std::vector<std::string>{"link.transport"});
    CHECK(report.findings[0].severity == Severity::high);
    CHECK(contains(report.findings[0].message, "is carried at UNCLASSIFIED with encryption none"));
  }
  SUBCASE("classified over TLS") {
    CLEARANCE_CHECK_FINDS_N(linked("SECRET", "SECRET", R"(, "carrier": "CUI", "encryption": "tls")"), "link.transport", 1);
  }
  SUBCASE("controlled in the clear") {
    CLEARANCE_CHECK_FINDS_N(linked("CUI", "CUI", R"(, "carrier": "UNCLASSIFIED")"), "link.transport", 1);
  }
  SUBCASE("the lower endpoint decides") {
    Report report = check(linked("TOP SECRET", "SECRET", R"(, "carrier": "CUI", "encryption": "tls")"));
    CHECK(rules_of(report) == std::vector<std::string>{"link.boundary", "link.transport"});
    CHECK(contains(report.findings[1].message, "SECRET traffic on a lower carrier"));
  }
}

TEST_CASE("adequate encryption or a carrier at the lower endpoint's level satisfies link.transport") {
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "SECRET", R"(, "carrier": "UNCLASSIFIED", "encryption": "type1")"));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "SECRET", R"(, "carrier": "UNCLASSIFIED", "encryption": "csfc")"));
  CLEARANCE_CHECK_COMPLIANT(linked("CUI", "CUI", R"(, "carrier": "UNCLASSIFIED", "encryption": "tls")"));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "SECRET", R"(, "carrier": "SECRET")"));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "SECRET", ""));  // the carrier defaults to the lower endpoint
  CLEARANCE_CHECK_COMPLIANT(linked("UNCLASSIFIED", "UNCLASSIFIED", ""));
  CLEARANCE_CHECK_COMPLIANT(linked("SECRET", "SECRET", R"(, "kind": "courier", "carrier": "UNCLASSIFIED", "encryption": "type1")"));
}

TEST_CASE("a data listed twice in uses gives one finding per node") {
  Model model = load(R"({"clearance": 1,
    "nodes": [{"id": "n", "jurisdiction": "USA", "accredited": "CONFIDENTIAL"}],
    "data": [{"id": "d", "marking": "SECRET"}],
    "workloads": [{"id": "w", "uses": ["d", "d"]}], "placement": {"w": ["n"]}})");
  CLEARANCE_CHECK_FINDS_N(model, "placement.level", 1);
}

TEST_CASE("a replica listed twice on one node gives one finding and counts as one node") {
  Model model = hosting(R"("jurisdiction": "USA", "accredited": "CONFIDENTIAL")", R"("marking": "SECRET")",
                        R"(, "replicas": 2)");
  // Validation rejects a node named twice, so build the placement directly.
  Placement placement(1);
  std::vector<NodeIndex> twice = {0, 0};
  placement.assign(0, Span<NodeIndex>(twice));
  model.set_placement(std::move(placement));
  Report report = check(model);
  CHECK(rules_of(report) == std::vector<std::string>{"placement.level", "availability.replicas"});
}

TEST_CASE("one placement can break several rules at once, each reported once") {
  Model model = hosting(
      R"("kind": "edge", "jurisdiction": "GBR", "accredited": "SECRET", "connectivity": {"mean_offline_h": 48})",
      R"("marking": "TOP SECRET//SI//NOFORN", "residency": ["USA"], "impact_level": "IL6")",
      R"(, "max_staleness_h": 24, "replicas": 2, "min_zones": 2)");
  CHECK(rules_of(check(model)) ==
        std::vector<std::string>{"placement.compartments", "placement.level", "placement.release",
                                 "edge.at-rest", "placement.impact-level", "placement.residency",
                                 "availability.replicas", "availability.zones", "edge.staleness"});
}

TEST_CASE("findings are ordered by severity, rule id and key ids, not by declaration order") {
  Model model = load(R"({"clearance": 1,
    "nodes": [{"id": "zulu", "jurisdiction": "USA", "accredited": "CUI"},
              {"id": "alpha", "jurisdiction": "USA", "accredited": "CUI"}],
    "data": [{"id": "y", "marking": "SECRET"}, {"id": "x", "marking": "SECRET"}],
    "workloads": [{"id": "w2", "uses": ["y", "x"]}, {"id": "w1", "uses": ["y"]}, {"id": "w0"}],
    "placement": {"w2": ["zulu", "alpha"], "w1": ["alpha"]}})");
  Report report = check(model);
  std::vector<std::string> keys;
  for (const Finding& f : report.findings) {
    std::string key(rule_info(f.rule).name);
    if (f.workload != no_key) key += " " + std::string(model.workload_id(f.workload));
    if (f.node != no_key) key += " " + std::string(model.node_id(f.node));
    if (f.data != no_key) key += " " + std::string(model.data_id(f.data));
    keys.push_back(key);
  }
  CHECK(keys == std::vector<std::string>{
                    "placement.level w1 alpha y", "placement.level w2 alpha x", "placement.level w2 alpha y",
                    "placement.level w2 zulu x", "placement.level w2 zulu y", "placement.missing w0"});
}

TEST_CASE("the summary counts findings by severity and the threshold test follows it") {
  Model model = hosting(R"("jurisdiction": "DEU", "accredited": "SECRET", "access": ["USA"])",
                        R"("marking": "SECRET", "residency": ["USA"])", R"(, "replicas": 2)");
  Report report = check(model);
  Summary summary = report.summary();
  CHECK(summary.findings == 2);
  CHECK(summary.critical == 0);
  CHECK(summary.high == 1);
  CHECK(summary.medium == 1);
  CHECK(summary.low == 0);
  CHECK(report.has_findings_at_or_above(Severity::high));
  CHECK(report.has_findings_at_or_above(Severity::low));
  CHECK_FALSE(report.has_findings_at_or_above(Severity::critical));
  CHECK(report.model == "test");
}

TEST_CASE("the report is the same for any number of jobs") {
  ModelBuilder builder;
  auto node = [](const char* id, NodeKind kind, const char* accredited) {
    NodeSpec spec;
    spec.id = id;
    spec.kind = kind;
    spec.jurisdiction = "USA";
    spec.accredited = accredited;
    return spec;
  };
  builder.add_node(node("low", NodeKind::region, "CONFIDENTIAL"));
  NodeSpec edge = node("edge", NodeKind::edge, "SECRET");
  edge.capacity = NamedAmounts{{"cpu", 1000}};
  builder.add_node(edge);
  builder.add_node(node("high", NodeKind::region, "SECRET"));
  DataSpec secret;
  secret.id = "secret";
  secret.marking = "SECRET";
  builder.add_data(secret);
  DataSpec unclassified;
  unclassified.id = "public";
  unclassified.marking = "UNCLASSIFIED";
  builder.add_data(unclassified);
  const char* nodes[] = {"low", "edge", "high"};
  for (int i = 0; i < 40000; ++i) {
    std::string id = "w" + std::to_string(i);
    WorkloadSpec workload;
    workload.id = id;
    workload.uses = {i % 3 == 0 ? "secret" : "public"};
    workload.resources = {{"cpu", 0.5}};
    workload.replicas = 1 + i % 2;
    builder.add_workload(workload);
    if (i % 7 != 0) builder.place(id, {nodes[i % 3]});
  }
  Model model = builder.build();
  Report one = check(model, CheckOptions::with_jobs(1));
  Report four = check(model, CheckOptions::with_jobs(4));
  REQUIRE(one.findings.size() == four.findings.size());
  CHECK(one.findings.size() > 10000);
  bool same = true;
  for (std::size_t i = 0; i < one.findings.size(); ++i)
    same = same && one.findings[i].rule == four.findings[i].rule && one.findings[i].workload == four.findings[i].workload &&
           one.findings[i].node == four.findings[i].node && one.findings[i].data == four.findings[i].data &&
           one.findings[i].message == four.findings[i].message;
  CHECK(same);
}

TEST_CASE("jobs 0 checks on one thread per processor and gives the same report as one job") {
  const Model model = load_model_json(generate_estate({100, 20'000, 2'000, 7}), "estate.json");
  CHECK(to_json(check(model, CheckOptions::with_jobs(0)), model) == to_json(check(model), model));
}

TEST_CASE("min_severity leaves the findings below it out of the report and keeps the others in order") {
  const Model model = load_model_json(generate_estate({100, 3'000, 300, 5}), "estate.json");
  const Report all = check(model);
  CheckOptions options;
  options.min_severity = Severity::high;
  const Report high = check(model, options);
  std::vector<std::string> expected;
  for (const Finding& f : all.findings)
    if (f.severity >= Severity::high) expected.push_back(f.message);
  std::vector<std::string> kept;
  for (const Finding& f : high.findings) kept.push_back(f.message);
  REQUIRE(expected.size() < all.findings.size());
  CHECK(kept == expected);
}

// The checker tabulates (data class, node) once when an estate places enough replicas to
// pay for it, and checks each replica directly otherwise: the findings must not tell.
TEST_CASE("a workload's placement findings are the same in an estate that places thousands of workloads as in one "
          "that places a few") {
  const Model large = load_model_json(generate_estate({100, 3'000, 0, 5}), "estate.json");
  Model small = large;
  constexpr WorkloadIndex kept = 300;
  Placement few(large.workloads().size());
  for (WorkloadIndex w = 0; w < kept; ++w) few.assign(w, large.placement().nodes_of(w));
  small.set_placement(std::move(few));
  auto hosting_findings = [&](const Report& report) {
    std::vector<std::tuple<RuleId, WorkloadIndex, NodeIndex, DataIndex, std::string>> found;
    for (const Finding& f : report.findings)
      if (f.workload < kept && f.data != no_key)
        found.emplace_back(f.rule, f.workload, f.node, f.data, f.message);
    return found;
  };
  const auto from_large = hosting_findings(check(large));
  REQUIRE(from_large.size() >= 5);  // the generator misplaces about 3% of workloads
  CHECK(hosting_findings(check(small)) == from_large);
}

TEST_CASE("portion-mark controls are controls, not compartments a node must hold") {
  SUBCASE("NF") { CHECK(check(hosting(us_secret, R"("marking": "SECRET//NF")")).findings.empty()); }
  SUBCASE("LIMDIS") { CHECK(check(hosting(us_secret, R"("marking": "CONFIDENTIAL//LIMDIS")")).findings.empty()); }
  SUBCASE("NF still keeps foreign nationals out") {
    const Report report = check(hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "GBR"])",
                                        R"("marking": "S//NF")"));
    CHECK(rules_of(report) == std::vector<std::string>{"placement.release"});
  }
}

TEST_CASE("foreign, NATO and JOINT data are held where their releasable sets allow") {
  const std::string usa_gbr = R"("jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "GBR"])";
  SUBCASE("FGI on a node of its originator and the receiver") {
    CHECK(check(hosting(usa_gbr, R"("marking": "//GBR SECRET")")).findings.empty());
  }
  SUBCASE("FGI of another originator") {
    CHECK(rules_of(check(hosting(usa_gbr, R"("marking": "//DEU SECRET")"))) ==
          std::vector<std::string>{"placement.release"});
  }
  SUBCASE("NATO data on a node of NATO members") {
    CHECK(check(hosting(usa_gbr, R"("marking": "//NATO SECRET")")).findings.empty());
  }
  SUBCASE("JOINT data on a node of its co-owners") {
    CHECK(check(hosting(usa_gbr, R"("marking": "//JOINT SECRET GBR USA")")).findings.empty());
  }
  SUBCASE("NATO data where a non-member has access, and no claim it was never reviewed") {
    const Report report = check(hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "AUS"])",
                                        R"("marking": "//NATO SECRET")"));
    REQUIRE(rules_of(report) == std::vector<std::string>{"placement.release"});
    CHECK(contains(report.findings[0].message, "is //NATO SECRET, releasable to"));
    CHECK_FALSE(contains(report.findings[0].message, "not yet reviewed"));
  }
  SUBCASE("DISPLAY ONLY countries do not make a node hold the data") {
    const Report report = check(hosting(R"("jurisdiction": "USA", "accredited": "SECRET", "access": ["USA", "AUS"])",
                                        R"("marking": "S//REL TO USA, GBR/DISPLAY ONLY AUS")"));
    CHECK(rules_of(report) == std::vector<std::string>{"placement.release"});
  }
}

}  // TEST_SUITE
