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

// The per-data placement rules (placement.level, .compartments, .release, .residency,
// .impact-level and edge.at-rest) that hosting `data` on `node` breaks, as bits: the
// HoldFailure bits of model.hpp, then these two. 0 when the node hosts it cleanly. The
// checker and the placement solver both ask this, so they cannot disagree.
enum HostingFailure : std::uint8_t {
  hosting_impact_level = 1u << 4,  // placement.impact-level
  hosting_at_rest = 1u << 5,       // edge.at-rest
};
inline std::uint8_t hosting_failures(const Scheme& scheme, const Node& node, const Data& data) {
  std::uint8_t failures = hold_failures(node, data.label, data.has_residency ? &data.residency : nullptr);
  if (lacks_impact_level(node, data.impact_level)) failures |= hosting_impact_level;
  if (node.is_edge() && at_rest_is_inadequate(scheme, node.at_rest, data.label.level)) failures |= hosting_at_rest;
  return failures;
}

// capacity.exceeded: a sum may pass the capacity by this fraction of it (rounding in
// sums of fractional requests) before the node counts as over.
inline constexpr double capacity_slack = 1e-9;
inline bool exceeds_capacity(double need, double capacity) { return need > capacity * (1.0 + capacity_slack); }

}  // namespace detail
}  // namespace v1
}  // namespace clearance
