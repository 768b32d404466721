// The placement solver (spec place-v1): where `check` judges a placement, `place` makes
// one. It places as many workloads as it can so that the checker finds no placement,
// availability, capacity or flow finding for them, at the least cost (node `price`s),
// and says for each workload it leaves out which rules ruled out which nodes.
#pragma once

#include <clearance/model.hpp>
#include <clearance/rules.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

// Spec §3: `fill` keeps every workload the current placement already places cleanly;
// `replan` may move every workload.
enum class PlaceMode : std::uint8_t { fill, replan };

CLEARANCE_API std::string_view to_string(PlaceMode mode);
// "fill" or "replan"; false for anything else.
CLEARANCE_API bool parse_place_mode(std::string_view text, PlaceMode& out);

struct PlaceOptions {
  PlaceMode mode = PlaceMode::fill;
  unsigned jobs = 0;          // threads for the check of the current placement (fill); 0: one per processor
  // A bound on the wall-clock time of place() as a whole: the search (improvement, exact
  // search) stops early enough to leave the final pass and the explanations their time.
  // The first construction, the final pass and the explanations always run to the end,
  // so a limit below what they need is exceeded by that much (0: no search at all).
  double time_limit_s = 8;
  // The current placement (e.g. load_placement's); absent: the model's own.
  std::optional<Placement> placement;
};

// One line of an explanation (spec §5): `nodes` nodes ruled out by `rule`; for
// capacity.exceeded the resource that is full, for the flow rules the flow.
struct PlaceReason {
  RuleId rule = RuleId::placement_missing;
  std::size_t nodes = 0;
  ResourceIndex resource = 0xFFFFFFFFu;  // capacity.exceeded only
  FlowIndex flow = 0xFFFFFFFFu;          // flow.* only
};

struct UnplacedWorkload {
  WorkloadIndex workload = 0;
  std::string message;               // one sentence for people, in the findings' vocabulary
  std::vector<PlaceReason> reasons;  // per-node rules in model-v1 §4 order, then capacity, zones, flows
};

struct PlaceResult {
  PlaceMode mode = PlaceMode::fill;
  Placement placement;                     // the output; an unplaced workload has no node
  std::size_t placed = 0;                  // workloads placed (kept ones included)
  std::size_t kept = 0;                    // fill: workloads kept where they were
  std::vector<UnplacedWorkload> unplaced;  // in workload id order
  double cost = 0;                         // of the whole output placement (spec §4)
  // A lower bound on the cost of any placement that places as many workloads (kept ones
  // fixed in fill); equal to `cost` when optimal.
  std::optional<double> lower_bound;
  bool optimal = false;                    // proven: no placement places more, or as many for less
  std::size_t moved = 0;                   // Σ |old(w) \ new(w)| over workloads
  bool all_placed() const { return unplaced.empty(); }
};

// Places the model's workloads (spec place-v1). Throws error(ErrorKind::usage) when
// options.placement does not belong to the model (workload count, node indices).
// Deterministic for given options: `jobs` changes the time taken, never the result,
// except where the time limit cuts the search short.
CLEARANCE_API PlaceResult place(const Model& model, const PlaceOptions& options = {});

// Spec §5's JSON report; `placement` is placement_json()'s object.
CLEARANCE_API std::string to_json(const PlaceResult& result, const Model& model);
// For people: the summary line and each unplaced workload's explanation.
CLEARANCE_API std::string to_text(const PlaceResult& result, const Model& model);
// The output placement as model-v1 §2.7 writes it (what `--output` writes and `check
// --placement` reads): workload id -> node ids, unplaced workloads left out.
CLEARANCE_API std::string placement_json(const PlaceResult& result, const Model& model);

}  // namespace v1
}  // namespace clearance
