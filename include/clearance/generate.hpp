// Synthetic estates for benchmarks and demos: deterministic model files that look like
// real ones (levels weighted toward UNCLASSIFIED, CUI and SECRET, a few TOP SECRET
// compartments, edge devices, guards between domains, FVEY/NATO releasability,
// placements mostly but not entirely compliant; or, with violations_percent, the
// findings-heavy estate of a first run on a real estate). An estate is regions of about 64
// nodes, each with a site per security domain; systems live at one site and most flows stay
// there (docs/performance.md § Estate scale). Same options, same bytes, on any platform.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <string>

namespace clearance {
inline namespace v1 {

struct GenerateOptions {
  // Bounds of the sizes (docs/performance.md § Estate scale): the least estate that has a
  // node in every security domain and room for guards, and the largest a benchmark needs
  // (the text is built in memory: ~2.5 GB at the maxima).
  static constexpr std::uint32_t min_nodes = 16;
  static constexpr std::uint32_t max_nodes = 1'000'000;
  static constexpr std::uint32_t max_workloads = 10'000'000;
  static constexpr std::uint32_t max_flows = 10'000'000;

  std::uint32_t nodes = 200;
  std::uint32_t workloads = 10'000;
  std::uint32_t flows = 10'000;
  std::uint64_t seed = 1;
  // Percent of flows to any workload of the estate (0-10); of the others, 90 points stay
  // in their site and the rest go to the next level up in their region.
  std::uint32_t cross_estate_percent = 3;
  // How much of the estate (0-100, a percent scaled per kind) is made non-compliant on
  // purpose, as a first run on an existing estate finds it: CUI and SECRET workloads with
  // a replica in an allied enclave (placement.release) and workloads missing replicas or
  // placement, a few US nodes with allied access, flows of compartmented data from a TOP
  // SECRET enclave down to a SECRET, unclassified or allied one (flow.route) or asking for
  // 1 ms or more bandwidth than any link has. At 70 the 100k estate has ~90,000 findings
  // (~37,000 flow.route, ~25,000 placement.release; docs/performance.md). These draws come
  // from a stream of their own: 0 gives the estate without them, byte for byte.
  std::uint32_t violations_percent = 0;
  // Place-v1 §1: give every node a `price` per resource (for `clearance place`). Prices
  // come from the node's index, not the random stream, so the rest of the estate is the
  // same bytes with or without them.
  bool prices = false;
};

// The model file text (spec §2 JSON) of a synthetic estate. Throws std::invalid_argument
// when nodes is outside [min_nodes, max_nodes], workloads or flows above their maxima,
// cross_estate_percent above 10 or violations_percent above 100.
CLEARANCE_API std::string generate_estate(const GenerateOptions& options);

}  // namespace v1
}  // namespace clearance
