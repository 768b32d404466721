// Single points of failure and availability (spec resilience-v1 §3–4): for every (flow,
// source node) that works, the nodes and links whose failure alone breaks it, how many
// pairs each element breaks, and — with availability — the probability each pair keeps
// working and how stale the edge nodes' workloads get.
#pragma once

#include <clearance/flow.hpp>
#include <clearance/whatif.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

// Spec §4's availability of an element: the model's `availability`, else 1 for a link,
// and for a node mean_online_h / (mean_online_h + mean_offline_h) when `connectivity`
// gives mean_online_h (1 without it).
CLEARANCE_API double availability_of(const Model& model, Element element);

struct ResilienceOptions {
  bool availability = false;      // compute §4's availability and staleness
  std::uint64_t seed = 1;         // Monte-Carlo: the same seed, the same estimates
  std::uint64_t samples = 100000; // Monte-Carlo samples per pair
  // Exact availability while at most this many uncertain elements are branched on; more
  // and the pair is estimated by Monte Carlo (0: always estimate).
  std::uint32_t exact_limit = 20;
  // The most (node, label) states one data class's routes may take, as check() bounds them
  // (FlowCheckOptions::max_label_states, docs/limits.md): above it resilience() throws
  // error (ErrorKind::input) naming the data and the guards whose releases multiply its labels.
  std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states;
};

enum class AvailabilityMethod : std::uint8_t { exact, monte_carlo };

// One working (flow, source) pair.
struct PairResilience {
  FlowIndex flow = 0;
  NodeIndex node = 0;
  std::vector<Element> critical;  // canonical order (link: first, then by id)
  // With ResilienceOptions::availability:
  double availability = 1;
  AvailabilityMethod method = AvailabilityMethod::exact;
  std::uint64_t samples = 0;          // monte_carlo only
  double interval_low = 1, interval_high = 1;  // monte_carlo only: 95% Wilson interval
};

struct ElementRank {
  Element element;
  std::size_t flows = 0;  // working pairs it is critical for
};

struct Staleness {
  WorkloadIndex workload = 0;
  NodeIndex node = 0;
  double max_staleness_h = 0;
  double outlast_probability = 0;  // exp(-T / mean_offline_h): one offline period outlasts T
  double stale_fraction = 0;       // the long-run fraction of time the node is stale
};

struct Resilience {
  std::vector<PairResilience> pairs;  // flow order, then node order
  std::vector<ElementRank> elements;  // most pairs first, then by element string
  bool has_availability = false;
  std::vector<Staleness> staleness;   // with availability: workload order, then node order
};

// Runs the analysis. The critical elements are those of spec §3 (what check_down() with
// each element alone would find), from dominators of the flow's product graph and, where
// a latency bound or a node's several label states need it, searches with one element masked.
// Availability is exact (factoring over the witness routes) while at most 20 uncertain
// elements are branched on, otherwise a seeded Monte-Carlo estimate. Throws std::bad_alloc.
CLEARANCE_API Resilience resilience(const Model& model, const ResilienceOptions& options = {});

// Spec §3/§4's JSON, and a text report for people.
CLEARANCE_API std::string to_json(const Resilience& resilience, const Model& model);
CLEARANCE_API std::string to_text(const Resilience& resilience, const Model& model);

}  // namespace v1
}  // namespace clearance
