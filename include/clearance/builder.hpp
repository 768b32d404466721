// Building a Model from C++ without JSON. Specs hold what a model file holds, as text
// where the spec's format is text (ids, markings, countries); build() validates them
// exactly as the JSON loader does and reports every problem with a JSON pointer into
// the equivalent model file ("/nodes/3/accredited"), indices counting the add_ calls.
#pragma once

#include <clearance/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {

using NamedAmounts = std::vector<std::pair<std::string, double>>;

struct NodeSpec {
  std::string id;
  NodeKind kind = NodeKind::region;
  std::string name;
  std::string jurisdiction;
  std::string accredited;
  std::optional<std::vector<std::string>> access;  // default: [jurisdiction]
  std::optional<std::string> impact_level;
  std::optional<std::string> zone;                 // default: the node's id
  std::optional<NamedAmounts> capacity;            // default: unlimited
  AtRest at_rest = AtRest::none;
  std::optional<double> mean_online_h;
  std::optional<double> mean_offline_h;
  std::optional<double> availability;  // resilience-v1 §4: 0 < p <= 1
  NamedAmounts price;                  // place-v1 §1; default: every resource costs 0
};

struct ReleaseSpec {
  std::string from;
  std::string to;
};

struct LinkSpec {
  std::string id;
  std::string from;
  std::string to;
  LinkKind kind = LinkKind::network;
  std::optional<Direction> direction;   // default: both (forward for diodes)
  std::optional<std::string> carrier;   // default: the lower endpoint level
  Encryption encryption = Encryption::none;
  double latency_ms = 0;
  std::optional<double> bandwidth_mbps;  // default: unlimited
  std::optional<std::vector<ReleaseSpec>> releases;  // guards only
  std::optional<double> availability;  // resilience-v1 §4: 0 < p <= 1
};

struct DataSpec {
  std::string id;
  std::string marking;
  std::optional<std::string> owner;  // default: the scheme's default owner
  std::optional<std::vector<std::string>> residency;
  std::optional<std::string> impact_level;
};

struct WorkloadSpec {
  std::string id;
  std::vector<std::string> uses;
  NamedAmounts resources;
  std::int64_t replicas = 1;
  std::int64_t min_zones = 1;
  std::optional<double> max_staleness_h;
};

struct FlowSpec {
  std::string id;
  std::string from;
  std::string to;
  std::string data;
  std::optional<double> max_latency_ms;
  std::optional<double> min_bandwidth_mbps;
};

class ModelStream;  // internal: the JSON loader's fast path (src/model_stream.hpp)

class CLEARANCE_API ModelBuilder {
 public:
  ModelBuilder& name(std::string name);
  ModelBuilder& scheme(SchemeSpec scheme);
  ModelBuilder& add_node(NodeSpec node);
  ModelBuilder& add_link(LinkSpec link);
  ModelBuilder& add_data(DataSpec data);
  ModelBuilder& add_workload(WorkloadSpec workload);
  ModelBuilder& add_flow(FlowSpec flow);
  // Places a workload's replicas; placing the same workload twice is an input error.
  ModelBuilder& place(std::string workload, std::vector<std::string> nodes);

  // Validates everything and returns the model; throws input_error listing every
  // problem found. The builder is left empty either way.
  Model build();

  // Reserves room for large estates; optional.
  void reserve(std::size_t nodes, std::size_t links, std::size_t data, std::size_t workloads,
               std::size_t flows);

 private:
  friend class ModelStream;
  class Assembly;  // builder.cpp: build() in one step per collection
  std::string name_;
  SchemeSpec scheme_;
  std::vector<NodeSpec> nodes_;
  std::vector<LinkSpec> links_;
  std::vector<DataSpec> data_;
  std::vector<WorkloadSpec> workloads_;
  std::vector<FlowSpec> flows_;
  std::vector<std::pair<std::string, std::vector<std::string>>> placement_;
};

}  // namespace v1
}  // namespace clearance
