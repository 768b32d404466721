// The rule catalogue (spec §4): every rule the checker reports, with its stable id,
// severity, NIST SP 800-53 Rev. 5 controls, the keys its findings carry, a one-line
// meaning and the remediation. Tools list it (`clearance rules`); reports cite it.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

enum class Severity : std::uint8_t { low, medium, high, critical };

CLEARANCE_API std::string_view to_string(Severity severity);
// "low", "medium", "high" or "critical" (exact); false when it is none of these.
CLEARANCE_API bool parse_severity(std::string_view text, Severity& out);

// In the order of spec §4.
enum class RuleId : std::uint8_t {
  placement_missing,
  placement_level,
  placement_compartments,
  placement_release,
  placement_residency,
  placement_impact_level,
  edge_at_rest,
  edge_staleness,
  availability_replicas,
  availability_zones,
  capacity_exceeded,
  node_impact_level,
  link_boundary,
  link_transport,
  flow_route,
  flow_bandwidth,
  flow_latency,
};
inline constexpr std::size_t rule_count = 17;

// Which keys a rule's findings carry, as bits, in the order of spec §4's key lists.
enum FindingKey : std::uint8_t {
  key_workload = 1u << 0,
  key_node = 1u << 1,
  key_data = 1u << 2,
  key_flow = 1u << 3,
  key_link = 1u << 4,
  key_resource = 1u << 5,
};

struct RuleInfo {
  RuleId id;
  std::string_view name;      // e.g. "placement.release"
  Severity severity;          // flow.route is critical for classified data, else high
  std::vector<std::string_view> controls;  // e.g. {"AC-21", "PS-3(4)"}
  std::uint8_t keys;          // FindingKey bits
  std::string_view summary;   // one line: when it fires
  std::string_view remediation;
};

// Every rule, in RuleId order.
CLEARANCE_API const std::vector<RuleInfo>& rule_catalogue();
CLEARANCE_API const RuleInfo& rule_info(RuleId id);
// A rule by its name ("placement.release"); nullptr when there is none.
CLEARANCE_API const RuleInfo* find_rule(std::string_view name);

}  // namespace v1
}  // namespace clearance
