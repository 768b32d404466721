// A prepared what-if (spec resilience-v1 §1–3): the check of the whole model, made once,
// and what each failure scenario changes in it, re-checking only what the down elements
// touch. For sweeps over many scenarios (issue 22) and for whatif() itself.
#pragma once

#include <clearance/check.hpp>
#include <clearance/whatif.hpp>

#include <memory>
#include <vector>

namespace clearance {
inline namespace v1 {

// A (flow, source node) pair of spec §3.
struct FlowSource {
  FlowIndex flow = 0;
  NodeIndex node = 0;
  bool operator==(const FlowSource& other) const { return flow == other.flow && node == other.node; }
  bool operator!=(const FlowSource& other) const { return !(*this == other); }
};

// Built once from a model and the check's options; each scenario then costs what its down
// elements touch: the per-workload rules of the workloads placed on a down node, and the
// flow rules of the flows whose data can cross a removed link or whose target lost a node.
// Every other finding of the whole check is carried over. The findings are check_down()'s,
// with one latitude: a flow.route finding carried over keeps the whole model's witness path
// when that path avoids every down element, where check_down() might pick another path of
// the same length.
//
// The model must outlive the session and must not change. run(), check_down() and
// broken_pairs() may be called from several threads at once: each call works on a copy of
// the model's links and placement taken from a pool (one per concurrent call, made the
// first time it is needed, so the first call on each thread copies the model once).
class CLEARANCE_API WhatIfSession {
 public:
  // Checks the whole model. Throws what check() throws.
  explicit WhatIfSession(const Model& model, const CheckOptions& options = {});
  ~WhatIfSession();
  WhatIfSession(WhatIfSession&&) noexcept;
  WhatIfSession& operator=(WhatIfSession&&) noexcept;
  WhatIfSession(const WhatIfSession&) = delete;
  WhatIfSession& operator=(const WhatIfSession&) = delete;

  const Model& model() const;
  const CheckOptions& options() const;
  // The check of the whole model (waivers and min_severity applied).
  const Report& whole() const;
  // The working pairs of spec §3 in the whole model, in flow order then node order.
  const std::vector<FlowSource>& working_pairs() const;

  // What taking `down` down changes (spec §2); whatif(model, down, options)'s result.
  // Throws clearance::error (usage) for an element index out of range.
  WhatIf run(const Elements& down) const;
  // The check with `down` down (spec §1), waivers and min_severity applied.
  Report check_down(const Elements& down) const;
  // The working pairs that break with `down` down (spec §3: a flow rule fires for the pair,
  // or P(B) is left with no node), in working_pairs() order. A pair whose source is down
  // is not listed: §3 asks about a pair given that its source is up. Cheaper than run():
  // no report is built and no evidence is written.
  std::vector<FlowSource> broken_pairs(const Elements& down) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace v1
}  // namespace clearance
