// Synthetic estates for benchmarks and demos: deterministic model files that look like
// real ones (levels weighted toward UNCLASSIFIED, CUI and SECRET, a few TOP SECRET
// compartments, edge devices, guards between domains, FVEY/NATO releasability,
// placements mostly but not entirely compliant). An estate is regions of about 64 nodes,
// each with a site per security domain; systems live at one site and most flows stay
// there (docs/performance.md § Estate scale). Same options, same bytes, on any platform.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <string>

namespace clearance {
inline namespace v1 {

struct GenerateOptions {
  std::uint32_t nodes = 200;
  std::uint32_t workloads = 10'000;
  std::uint32_t flows = 10'000;
  std::uint64_t seed = 1;
  // Percent of flows to any workload of the estate (0-10); of the others, 90 points stay
  // in their site and the rest go to the next level up in their region.
  std::uint32_t cross_estate_percent = 3;
  // Place-v1 §1: give every node a `price` per resource (for `clearance place`). Prices
  // come from the node's index, not the random stream, so the rest of the estate is the
  // same bytes with or without them.
  bool prices = false;
};

// The model file text (spec §2 JSON) of a synthetic estate. Throws std::invalid_argument
// for a cross_estate_percent above 10.
CLEARANCE_API std::string generate_estate(const GenerateOptions& options);

}  // namespace v1
}  // namespace clearance
