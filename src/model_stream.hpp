// Building a model while the loader reads it (load.cpp's fast path): each element is
// checked and added as it arrives, by the same functions ModelBuilder::build() calls, so
// that a large estate is never held as specs and its ids are interned as they are read.
// The elements must come in the order of a model file's collections (scheme, nodes,
// links, data, workloads, flows, placement), as every reference then points back at
// elements already built. Each call returns false when the element has a problem or
// comes out of that order; the caller then builds the model with ModelBuilder instead,
// which reports every problem, in its order. Internal; not installed.
#pragma once

#include <clearance/builder.hpp>

#include <memory>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

class ModelStream {
 public:
  ModelStream();
  ~ModelStream();
  ModelStream(const ModelStream&) = delete;
  ModelStream& operator=(const ModelStream&) = delete;

  bool name(std::string name);
  bool scheme(const SchemeSpec& scheme);
  bool add_node(const NodeSpec& node);
  bool add_link(const LinkSpec& link);
  bool add_data(const DataSpec& data);
  bool add_workload(const WorkloadSpec& workload);
  bool add_flow(const FlowSpec& flow);
  bool place(const std::string& workload, const std::vector<std::string>& nodes);

  // The model of every element added (all of them without problems).
  Model build();

 private:
  // Collections in file order; a call may not go back to an earlier one.
  enum class Phase { start, scheme, nodes, links, data, workloads, flows, placement, built };
  bool enter(Phase phase);

  std::unique_ptr<ModelBuilder::Assembly> assembly_;
  Phase phase_ = Phase::start;
};

}  // namespace v1
}  // namespace clearance
