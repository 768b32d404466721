// Tests of rules.hpp: the catalogue is spec §4's table, word for word.
#include <doctest/doctest.h>

#include <clearance/rules.hpp>

#include <string>
#include <vector>

using namespace clearance;

namespace {

struct Expected {
  const char* name;
  Severity severity;
  std::vector<std::string_view> controls;
  std::uint8_t keys;
};

// Spec §4, copied from its table.
const std::vector<Expected> spec_table = {
    {"placement.missing", Severity::medium, {"CM-8"}, key_workload},
    {"placement.level", Severity::critical, {"AC-3(3)", "AC-4", "AC-16"}, key_workload | key_node | key_data},
    {"placement.compartments", Severity::critical, {"AC-3(3)", "AC-16"}, key_workload | key_node | key_data},
    {"placement.release", Severity::critical, {"AC-21", "PS-3(4)"}, key_workload | key_node | key_data},
    {"placement.residency", Severity::high, {"SA-9(5)"}, key_workload | key_node | key_data},
    {"placement.impact-level", Severity::high, {"CA-6", "SA-9"}, key_workload | key_node | key_data},
    {"edge.at-rest", Severity::high, {"SC-28(1)", "AC-19(5)"}, key_workload | key_node | key_data},
    {"edge.staleness", Severity::medium, {"CP-8"}, key_workload | key_node},
    {"availability.replicas", Severity::medium, {"CP-7", "SC-36"}, key_workload},
    {"availability.zones", Severity::medium, {"CP-7(1)", "SC-36"}, key_workload},
    {"capacity.exceeded", Severity::medium, {"CP-2(2)"}, key_node | key_resource},
    {"node.impact-level", Severity::high, {"CA-6", "SA-9"}, key_node},
    {"link.boundary", Severity::critical, {"SC-7", "AC-4(20)", "CA-3"}, key_link},
    {"link.transport", Severity::high, {"SC-8(1)", "SC-13"}, key_link},
    {"flow.route", Severity::critical, {"AC-4"}, key_flow | key_node},
    {"flow.bandwidth", Severity::medium, {"SC-5(2)"}, key_flow | key_node},
    {"flow.latency", Severity::medium, {"CP-8"}, key_flow | key_node},
};

}  // namespace

TEST_SUITE("rules") {

TEST_CASE("the catalogue lists spec §4's rules in RuleId order with their severities, controls and keys") {
  const auto& catalogue = rule_catalogue();
  REQUIRE(catalogue.size() == rule_count);
  REQUIRE(spec_table.size() == rule_count);
  for (std::size_t i = 0; i < rule_count; ++i) {
    CAPTURE(spec_table[i].name);
    CHECK(static_cast<std::size_t>(catalogue[i].id) == i);
    CHECK(catalogue[i].name == spec_table[i].name);
    CHECK(catalogue[i].severity == spec_table[i].severity);
    CHECK(catalogue[i].controls == spec_table[i].controls);
    CHECK(catalogue[i].keys == spec_table[i].keys);
    CHECK_FALSE(catalogue[i].summary.empty());
    CHECK_FALSE(catalogue[i].remediation.empty());
    CHECK(&rule_info(catalogue[i].id) == &catalogue[i]);
  }
}

TEST_CASE("a rule is found by its exact id and not otherwise") {
  REQUIRE(find_rule("placement.release") != nullptr);
  CHECK(find_rule("placement.release")->id == RuleId::placement_release);
  CHECK(find_rule("flow.latency")->id == RuleId::flow_latency);
  CHECK(find_rule("Placement.Release") == nullptr);
  CHECK(find_rule("placement") == nullptr);
  CHECK(find_rule("") == nullptr);
}

TEST_CASE("severities print and parse as their lower-case names") {
  for (Severity severity : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    Severity parsed = Severity::low;
    CHECK(parse_severity(to_string(severity), parsed));
    CHECK(parsed == severity);
  }
  CHECK(to_string(Severity::critical) == "critical");
  Severity untouched = Severity::high;
  CHECK_FALSE(parse_severity("HIGH", untouched));
  CHECK_FALSE(parse_severity("severe", untouched));
  CHECK(untouched == Severity::high);
}

TEST_CASE("severities are ordered from low to critical") {
  CHECK(Severity::low < Severity::medium);
  CHECK(Severity::medium < Severity::high);
  CHECK(Severity::high < Severity::critical);
}

}  // TEST_SUITE
