// Why a workload can or cannot run on each node, in the style of a cluster scheduler:
// "3 of 12 nodes can host it; 6 below TOP SECRET, 2 lack compartment TK, 1 reachable by
// GBR personnel". Backs `clearance explain MODEL WORKLOAD` and placement tools.
#pragma once

#include <clearance/model.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

// Why a node cannot host a workload, as bits. The first four are spec §3's "holds" for
// the data the workload uses; the others are the placement-time rules of spec §4.
enum ExplainReason : std::uint16_t {
  reason_level = 1u << 0,         // placement.level
  reason_compartments = 1u << 1,  // placement.compartments
  reason_release = 1u << 2,       // placement.release
  reason_residency = 1u << 3,     // placement.residency
  reason_impact_level = 1u << 4,  // placement.impact-level
  reason_at_rest = 1u << 5,       // edge.at-rest
  reason_staleness = 1u << 6,     // edge.staleness
  reason_capacity = 1u << 7,      // capacity.exceeded, counting the rest of the placement
};

struct NodeVerdict {
  NodeIndex node = 0;
  std::uint16_t reasons = 0;         // ExplainReason bits; 0 when the node can host it
  bool placed = false;               // the current placement puts a replica here
  std::vector<std::string> details;  // one sentence per reason, naming the facts
  bool can_host() const { return reasons == 0; }
};

struct ReasonCount {
  std::string reason;  // e.g. "below TOP SECRET", "lack compartment TK"
  std::size_t nodes = 0;
};

struct Explanation {
  WorkloadIndex workload = 0;
  std::vector<NodeVerdict> nodes;    // every node: those that can host it first, then by id
  std::size_t hosts = 0;             // how many nodes can host it
  std::vector<ReasonCount> reasons;  // most common first, then by text
  // "3 of 12 nodes can host it; 6 below TOP SECRET, 2 lack compartment TK"
  std::string summary;
};

// Explains where `workload` can run. A node can host it when it holds every data the
// workload uses (level, compartments, release, residency), has the impact level and the
// at-rest encryption that data needs, is offline no longer than the workload tolerates,
// and has room for one more replica beside the other workloads placed on it.
CLEARANCE_API Explanation explain(const Model& model, WorkloadIndex workload);

// The same by id; throws error (ErrorKind::not_found, with a "did you mean") when the
// model has no such workload.
CLEARANCE_API Explanation explain(const Model& model, std::string_view workload);

// The explanation for people: what the workload needs, the summary line, then one line
// per node.
CLEARANCE_API std::string to_text(const Explanation& explanation, const Model& model);

}  // namespace v1
}  // namespace clearance
