// The rule catalogue of spec §4. The ids, severities, controls and keys are the contract
// (docs/rules.md explains each rule at length); change them only with the spec.
#include <clearance/rules.hpp>

#include <cassert>

namespace clearance {
inline namespace v1 {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "unknown";
}

bool parse_severity(std::string_view text, Severity& out) {
  for (Severity severity : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    if (text == to_string(severity)) {
      out = severity;
      return true;
    }
  }
  return false;
}

namespace {

constexpr std::uint8_t placement_keys = key_workload | key_node | key_data;

std::vector<RuleInfo> make_catalogue() {
  std::vector<RuleInfo> rules = {
      {RuleId::placement_missing, "placement.missing", Severity::medium, {"CM-8"}, key_workload,
       "a workload has no node",
       "Place the workload on a node that holds every data it uses, or remove it from the "
       "model if it is not deployed."},
      {RuleId::placement_level, "placement.level", Severity::critical, {"AC-3(3)", "AC-4", "AC-16"},
       placement_keys, "a workload runs on a node accredited below the level of data it uses",
       "Move the workload to a node accredited at or above the data's level, or have the node "
       "accredited (system high) for that level."},
      {RuleId::placement_compartments, "placement.compartments", Severity::critical,
       {"AC-3(3)", "AC-16"}, placement_keys,
       "a workload runs on a node that lacks a compartment of data it uses",
       "Move the workload to a node accredited for every compartment of the data, or have the "
       "node accredited for the missing compartments."},
      {RuleId::placement_release, "placement.release", Severity::critical, {"AC-21", "PS-3(4)"},
       placement_keys,
       "a workload runs on a node reachable by nationals the data is not releasable to",
       "Move the workload to a node whose personnel are all in the data's releasable set, "
       "restrict the node's access, or have the owner release the data (REL TO)."},
      {RuleId::placement_residency, "placement.residency", Severity::high, {"SA-9(5)"},
       placement_keys, "a workload runs on a node outside the residency of data it uses",
       "Move the workload to a node in a jurisdiction the data's residency allows."},
      {RuleId::placement_impact_level, "placement.impact-level", Severity::high, {"CA-6", "SA-9"},
       placement_keys,
       "a workload runs on a node without the impact level (or a lower one) that data it uses needs",
       "Move the workload to a node authorised at the data's impact level or higher."},
      {RuleId::edge_at_rest, "edge.at-rest", Severity::high, {"SC-28(1)", "AC-19(5)"},
       placement_keys,
       "an edge device stores controlled or classified data without adequate encryption at rest",
       "Encrypt the edge device's storage: CSfC data-at-rest or Type 1 for classified data, at "
       "least FIPS-validated encryption for controlled data; or keep the data off the edge."},
      {RuleId::edge_staleness, "edge.staleness", Severity::medium, {"CP-8"},
       key_workload | key_node,
       "an edge device is offline for longer on average than its workload tolerates",
       "Place the workload on a node that is offline for less than its max_staleness_h, improve "
       "the edge's connectivity, or relax the workload's tolerance."},
      {RuleId::availability_replicas, "availability.replicas", Severity::medium,
       {"CP-7", "SC-36"}, key_workload, "a placed workload has fewer nodes than its replicas",
       "Place as many replicas as the workload asks for, each on its own node."},
      {RuleId::availability_zones, "availability.zones", Severity::medium, {"CP-7(1)", "SC-36"},
       key_workload, "a placed workload spans fewer zones than its min_zones",
       "Spread the workload's replicas over at least min_zones distinct zones (failure domains)."},
      {RuleId::capacity_exceeded, "capacity.exceeded", Severity::medium, {"CP-2(2)"},
       key_node | key_resource,
       "the workloads placed on a node need more of a resource than the node has",
       "Move workloads off the node, add capacity, or lower the workloads' resource requests."},
      {RuleId::node_impact_level, "node.impact-level", Severity::high, {"CA-6", "SA-9"}, key_node,
       "a node is accredited above the highest level its impact level allows",
       "Lower the node's accreditation to what its impact level allows, or authorise it at an "
       "impact level that covers its accreditation (TOP SECRET and SCI fall under ICD 503)."},
      {RuleId::link_boundary, "link.boundary", Severity::critical, {"SC-7", "AC-4(20)", "CA-3"},
       key_link,
       "a network or courier link joins nodes accredited for different labels",
       "Connect different security domains only through an accredited cross-domain solution "
       "(a guard or a diode), or make the endpoints' accreditations equal."},
      {RuleId::link_transport, "link.transport", Severity::high, {"SC-8(1)", "SC-13"}, key_link,
       "a network or courier link's carrier is below its endpoints without adequate encryption",
       "Encrypt the link (Type 1 or CSfC for classified, TLS or better for controlled data) or "
       "carry it on a network accredited at the lower endpoint's level."},
      {RuleId::flow_route, "flow.route", Severity::critical, {"AC-4"}, key_flow | key_node,
       "a flow has no route from a source node to a destination node that keeps the data's label "
       "(critical for classified data, else high)",
       "Co-locate the workloads, add a link or an accredited guard release between them, or "
       "encrypt the links on the way."},
      {RuleId::flow_bandwidth, "flow.bandwidth", Severity::medium, {"SC-5(2)"},
       key_flow | key_node, "no allowed route of a flow has the bandwidth it needs",
       "Add bandwidth on an allowed route, or relax the flow's min_bandwidth_mbps."},
      {RuleId::flow_latency, "flow.latency", Severity::medium, {"CP-8"}, key_flow | key_node,
       "every allowed route of a flow is slower than its max_latency_ms",
       "Place the workloads closer together, add a faster allowed route, or relax the flow's "
       "max_latency_ms."},
  };
  for (std::size_t i = 0; i < rules.size(); ++i) assert(static_cast<std::size_t>(rules[i].id) == i);
  return rules;
}

}  // namespace

const std::vector<RuleInfo>& rule_catalogue() {
  static const std::vector<RuleInfo> rules = make_catalogue();
  return rules;
}

const RuleInfo& rule_info(RuleId id) { return rule_catalogue()[static_cast<std::size_t>(id)]; }

const RuleInfo* find_rule(std::string_view name) {
  for (const RuleInfo& rule : rule_catalogue())
    if (rule.name == name) return &rule;
  return nullptr;
}

}  // namespace v1
}  // namespace clearance
