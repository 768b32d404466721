// Internal: the parts of spec §3/§4 that both the checker and the explainer decide, so
// that `clearance explain` can never disagree with `clearance check`. Not installed.
#pragma once

#include <clearance/model.hpp>

namespace clearance {
inline namespace v1 {
namespace detail {

// edge.at-rest: classified data needs CSfC or Type 1 at rest, controlled data anything
// but none, public data nothing.
inline bool at_rest_is_inadequate(const Scheme& scheme, AtRest at_rest, Level level) {
  if (scheme.is_classified(level)) return at_rest != AtRest::csfc && at_rest != AtRest::type1;
  if (scheme.is_controlled(level)) return at_rest == AtRest::none;
  return false;
}

// Spec §3 transport: whether `encryption` alone protects traffic at `level` on a lower
// carrier.
inline bool encryption_is_adequate(const Scheme& scheme, Encryption encryption, Level level) {
  if (scheme.is_classified(level)) return encryption == Encryption::csfc || encryption == Encryption::type1;
  if (scheme.is_controlled(level)) return encryption != Encryption::none;
  return true;
}

// edge.staleness: an edge node offline longer on average than the workload tolerates.
inline bool is_too_stale(const Node& node, const Workload& workload) {
  return node.is_edge() && workload.max_staleness_h && node.mean_offline_h > *workload.max_staleness_h;
}

// placement.impact-level: data needing impact level `needed` on a node with none or a
// lower one.
inline bool lacks_impact_level(const Node& node, ImpactLevelIndex needed) {
  return needed != no_impact_level && (node.impact_level == no_impact_level || node.impact_level < needed);
}

// capacity.exceeded: a sum may pass the capacity by this fraction of it (rounding in
// sums of fractional requests) before the node counts as over.
inline constexpr double capacity_slack = 1e-9;
inline bool exceeds_capacity(double need, double capacity) { return need > capacity * (1.0 + capacity_slack); }

}  // namespace detail
}  // namespace v1
}  // namespace clearance
