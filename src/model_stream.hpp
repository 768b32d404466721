// Building a model while the loader reads it (load.cpp's fast path): each element is
// checked and added as it arrives, by the same functions ModelBuilder::build() calls, so
// that a large estate is never held as specs and its ids are interned as they are read.
// The elements must come in the order of a model file's collections (scheme, nodes,
// links, data, workloads, flows, placement), as every reference then points back at
// elements already built. Each call returns false when the element has a problem or
// comes out of that order; the caller then builds the model with ModelBuilder instead,
// which reports every problem, in its order. Workloads and flows are built a few elements
// behind the reading (Pending, builder.cpp), the table slots their ids look up fetched
// from memory meanwhile: their problems may come with a later call, or with build().
// Internal; not installed.
#pragma once

#include <clearance/builder.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {

// A workload and a flow as WorkloadSpec and FlowSpec, but with their text as views of the
// document (which outlives the stream): reading one copies no string.
struct WorkloadText {
  std::string_view id;
  std::vector<std::string_view> uses;
  std::vector<std::pair<std::string_view, double>> resources;
  std::int64_t replicas = 1;
  std::int64_t min_zones = 1;
  std::optional<double> max_staleness_h;
};

struct FlowText {
  std::string_view id;
  std::string_view from;
  std::string_view to;
  std::string_view data;
  std::optional<double> max_latency_ms;
  std::optional<double> min_bandwidth_mbps;
};

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
  // A workload or flow is read into the stream's own spec (next_: empty, its lists
  // keeping the room of an element read before), then added.
  // Room for `count` workloads or flows (read next): a hint.
  void reserve_workloads(std::size_t count);
  void reserve_flows(std::size_t count);
  WorkloadText& next_workload();
  bool add_workload();
  FlowText& next_flow();
  bool add_flow();
  bool place(std::string_view workload, const std::vector<std::string_view>& nodes);

  // The model of every element added; nullopt when one still to be built has a problem.
  std::optional<Model> build();

 private:
  // Collections in file order; a call may not go back to an earlier one.
  enum class Phase { start, scheme, nodes, links, data, workloads, flows, placement, built };
  bool enter(Phase phase);

  struct Pending;  // the workloads and flows read but not yet built
  bool flush();

  std::unique_ptr<ModelBuilder::Assembly> assembly_;
  std::unique_ptr<Pending> pending_;
  Phase phase_ = Phase::start;
};

}  // namespace v1
}  // namespace clearance
