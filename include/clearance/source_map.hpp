// Where each element of a model was written in its JSON file: what a report needs to put a
// finding on the line that causes it (SARIF's physical locations). A side table, filled by
// load_model only when asked, so that loading a large estate pays nothing for it otherwise.
#pragma once

#include <clearance/config.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

// A 1-based line and column (in Unicode code points, like load errors); line 0 when unknown.
struct SourcePosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  bool is_known() const { return line != 0; }
};

// One node id of a workload's placement as the model file lists it.
struct PlacedPosition {
  std::uint32_t node;  // NodeIndex
  SourcePosition position;
};

struct SourceMap {
  // The model file as given to load_model (empty for text loaded without a file name).
  std::string file;
  // The position of each element's object ('{'), indexed like the model's vectors.
  std::vector<SourcePosition> nodes;
  std::vector<SourcePosition> links;
  std::vector<SourcePosition> data;
  std::vector<SourcePosition> workloads;
  std::vector<SourcePosition> flows;
  // The model's own "placement": the node ids workload w lists are
  // placed[placed_offsets[w] .. placed_offsets[w + 1]), each with the position of its string.
  // Empty when the file has no placement. A placement set later (Model::set_placement, a
  // placement file) is not described here; writers find its nodes missing and fall back.
  std::vector<std::uint32_t> placed_offsets;
  std::vector<PlacedPosition> placed;

  // True when nothing is known (a snapshot, or a map nobody filled).
  bool is_empty() const { return nodes.empty() && workloads.empty() && links.empty() && flows.empty() && data.empty(); }
  // Where workload w lists node n in the model's placement; unknown when it does not.
  SourcePosition placement_of(std::uint32_t workload, std::uint32_t node) const {
    if (workload + 1 >= placed_offsets.size()) return {};
    for (std::uint32_t i = placed_offsets[workload]; i < placed_offsets[workload + 1]; ++i)
      if (placed[i].node == node) return placed[i].position;
    return {};
  }
};

}  // namespace v1
}  // namespace clearance
