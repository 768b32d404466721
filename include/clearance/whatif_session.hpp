// A prepared what-if (spec resilience-v1 §1–3): the check of the whole model, made once,
// and what each failure scenario changes in it, re-checking only what the down elements
// touch. For sweeps over many scenarios (issue 22) and for whatif() itself.
#pragma once

#include <clearance/check.hpp>
#include <clearance/whatif.hpp>

#include <array>
#include <cstddef>
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

// What a scenario changes, summarised for sweeps (issue 22): run()'s added findings
// counted per rule (indexed by RuleId) and broken_pairs().
struct WhatIfOutcome {
  std::array<std::size_t, rule_count> added{};
  std::vector<FlowSource> broken;
};

// Built once from a model and the check's options; each scenario then costs what its down
// elements touch: the per-workload rules of the workloads placed on a down node, and the
// flow rules of the (flow, source) pairs a removed link may break (docs/resilience.md,
// "How a what-if reuses the whole check"): pairs whose route or target lost an element,
// and working pairs whose limits a route through a removed link could have met where the
// links that stay offer no detour as good. Every other finding of the whole check is
// carried over. The findings are check_down()'s, with one latitude: a flow finding carried
// over keeps the whole model's witness route when that route avoids every down element
// (its rule and figure are then the same), where check_down() might pick another route of
// the same length, latency or bandwidth.
//
// The model must outlive the session and must not change. run(), check_down(),
// broken_pairs() and outcome() may be called from several threads at once.
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
  // run()'s added findings per rule and broken_pairs() in one pass, without building a
  // report or any finding's text (with min_severity above low, counted from run()).
  WhatIfOutcome outcome(const Elements& down) const;

 private:
  friend WhatIf whatif(const Model& model, const Elements& down, const CheckOptions& options);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace v1
}  // namespace clearance
