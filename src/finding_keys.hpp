// Internal: the keys a finding carries, in spec §4's order, for every report writer.
// Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

namespace clearance {
inline namespace v1 {
namespace detail {

// Calls f(key, value) for each key a finding carries, in the order of spec §4's key
// lists (workload, flow, link, node, data, resource covers every rule's order).
template <typename F>
void for_each_key(const Finding& finding, const Model& model, F&& f) {
  if (finding.workload != no_key) f("workload", model.workload_id(finding.workload));
  if (finding.flow != no_key) f("flow", model.flow_id(finding.flow));
  if (finding.link != no_key) f("link", model.link_id(finding.link));
  if (finding.node != no_key) f("node", model.node_id(finding.node));
  if (finding.data != no_key) f("data", model.data_id(finding.data));
  if (finding.resource != no_key) f("resource", model.resource_name(finding.resource));
}

inline bool is_flow_rule(RuleId rule) {
  return rule == RuleId::flow_route || rule == RuleId::flow_bandwidth || rule == RuleId::flow_latency;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
