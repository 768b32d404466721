// Internal: a model with elements down (spec resilience-v1 §1), for what-if and
// resilience. One copy of the model is made; each take_down() rebuilds only the links and
// the placement from the original, so trying many failures costs O(links + replicas) each.
// Down nodes stay in the node array, with no link and no placement: node indices do not
// change, and only a finding keyed on a down node itself (node.impact-level) has to go.
// Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/whatif.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// The identity of a finding for the comparison (spec §2): its rule and key values.
using IdentityKey = std::array<std::uint32_t, 7>;
inline IdentityKey key_of(const Finding& finding) {
  return {static_cast<std::uint32_t>(finding.rule), finding.workload, finding.node, finding.data,
          finding.flow,                            finding.link,     finding.resource};
}
struct IdentityHash {
  std::size_t operator()(const IdentityKey& key) const {
    std::uint64_t h = 1469598103934665603ull;
    for (std::uint32_t v : key) h = (h ^ v) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// The findings of `from` whose rule and key values no finding of `in` has, as indices
// into from.findings (spec §2's identity of a finding).
std::vector<std::uint32_t> findings_missing_from(const Report& from, const Report& in);

// `placement` without the nodes marked (non-zero) in `node_down`, one byte a node.
Placement placement_without(const Placement& placement, const std::vector<unsigned char>& node_down);

class DownModel {
 public:
  explicit DownModel(const Model& original);
  // Takes `down` down, replacing what an earlier call took down (nothing to do when that
  // was `down` itself, as when a scenario's decision and its findings lease one copy).
  void take_down(const Elements& down);
  const Model& model() const { return model_; }
  const Model& original() const { return *original_; }
  bool is_down(NodeIndex node) const { return node_down_[node] != 0; }
  LinkIndex original_link(LinkIndex link) const { return original_link_[link]; }
  // Rewrites a finding of model() to index the original (its links); false when the
  // finding is keyed on a down node and the spec's removal would not have it.
  bool map_back(Finding& finding) const;

 private:
  const Model* original_;
  Model model_;
  std::vector<LinkIndex> original_link_;  // per link of model_
  std::vector<unsigned char> node_down_;
  bool taken_ = false;  // whether take_down() ran, and then what it took down
  Elements down_;
};

}  // namespace detail
}  // namespace v1
}  // namespace clearance
