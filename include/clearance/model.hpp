// The deployment model (spec §2): nodes, links, data, workloads, flows and a placement,
// every id interned to a dense index. A Model is immutable once built except for its
// placement, which planning tools change and re-check. Build one with ModelBuilder
// (builder.hpp) or load it from JSON (load.hpp).
#pragma once

#include <clearance/id_table.hpp>
#include <clearance/label.hpp>
#include <clearance/marking.hpp>
#include <clearance/scheme.hpp>
#include <clearance/span.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

using NodeIndex = std::uint32_t;
using LinkIndex = std::uint32_t;
using DataIndex = std::uint32_t;
using WorkloadIndex = std::uint32_t;
using FlowIndex = std::uint32_t;
using ResourceIndex = std::uint32_t;
using ZoneIndex = std::uint32_t;

enum class NodeKind : std::uint8_t { region, edge };
enum class AtRest : std::uint8_t { none, fips, csfc, type1 };
enum class LinkKind : std::uint8_t { network, guard, diode, courier };
enum class Direction : std::uint8_t { both, forward };
enum class Encryption : std::uint8_t { none, tls, csfc, type1 };

// The JSON spelling of each enumerator ("region", "csfc", ...).
CLEARANCE_API std::string_view to_string(NodeKind kind);
CLEARANCE_API std::string_view to_string(AtRest at_rest);
CLEARANCE_API std::string_view to_string(LinkKind kind);
CLEARANCE_API std::string_view to_string(Direction direction);
CLEARANCE_API std::string_view to_string(Encryption encryption);

inline constexpr double unlimited = std::numeric_limits<double>::infinity();

struct ResourceAmount {
  ResourceIndex resource;
  double amount;
};

struct Node {
  NodeKind kind = NodeKind::region;
  AtRest at_rest = AtRest::none;
  CountryId jurisdiction = 0;
  ImpactLevelIndex impact_level = no_impact_level;
  Label accredited;   // level and compartments; releasable is every country
  CountrySet access;  // nationalities of everyone who can reach the data
  ZoneIndex zone = 0;
  bool has_capacity = false;               // absent capacity means unlimited
  std::vector<ResourceAmount> capacity;    // sorted by resource; unlisted resources are 0
  // Place-v1 §1: cost of one unit of each resource per replica placed here, sorted by
  // resource; an unlisted resource costs 0. Only `clearance place` reads it.
  std::vector<ResourceAmount> price;
  double mean_online_h = unlimited;
  double mean_offline_h = 0;
  // Resilience-v1 §4: steady-state probability of being up, when the model gives one
  // (resilience.hpp's availability_of() applies the default from `connectivity`).
  std::optional<double> availability;
  std::string name;  // display name; may be empty

  bool is_edge() const { return kind == NodeKind::edge; }
};

// A relabelling a guard is accredited to perform.
struct Release {
  Marking from;
  Marking to;
};

struct Link {
  NodeIndex from = 0;
  NodeIndex to = 0;
  LinkKind kind = LinkKind::network;
  Direction direction = Direction::both;
  Encryption encryption = Encryption::none;
  Level carrier = 0;  // level of the network that carries the traffic
  double latency_ms = 0;
  double bandwidth_mbps = unlimited;
  std::vector<Release> releases;  // guards only
  std::optional<double> availability;  // resilience-v1 §4; absent: 1

  bool is_one_way() const { return direction == Direction::forward; }
  // network and courier links carry traffic over a network of level `carrier`.
  bool is_transport() const { return kind == LinkKind::network || kind == LinkKind::courier; }
};

struct Data {
  Marking marking;
  CountryId owner = 0;
  Label label;  // level, compartments and the releasable set of spec §3
  bool has_residency = false;
  CountrySet residency;
  ImpactLevelIndex impact_level = no_impact_level;
};

struct Workload {
  std::vector<DataIndex> uses;          // each data once, in the order first listed
  std::vector<ResourceAmount> resources;  // per replica, sorted by resource
  std::uint32_t replicas = 1;
  std::uint32_t min_zones = 1;
  std::optional<double> max_staleness_h;
};

struct Flow {
  WorkloadIndex from = 0;
  WorkloadIndex to = 0;
  DataIndex data = 0;
  std::optional<double> max_latency_ms;
  std::optional<double> min_bandwidth_mbps;
};

// Why a node cannot hold a data label, as bits (spec §3 "holds").
enum HoldFailure : std::uint8_t {
  hold_level = 1u << 0,         // node accredited below the data's level
  hold_compartments = 1u << 1,  // node lacks a compartment of the data
  hold_release = 1u << 2,       // someone with access is not in the releasable set
  hold_residency = 1u << 3,     // node outside the data's residency
};

// The reasons (HoldFailure bits) node cannot hold data labelled `label` with the given
// residency (nullptr for none); 0 when it holds it.
inline std::uint8_t hold_failures(const Node& node, const Label& label, const CountrySet* residency) {
  std::uint8_t failures = 0;
  if (node.accredited.level < label.level) failures |= hold_level;
  if (!label.compartments.is_subset_of(node.accredited.compartments)) failures |= hold_compartments;
  if (!node.access.is_subset_of(label.releasable)) failures |= hold_release;
  if (residency != nullptr && !residency->contains(node.jurisdiction)) failures |= hold_residency;
  return failures;
}

inline bool holds(const Node& node, const Data& data) {
  return hold_failures(node, data.label, data.has_residency ? &data.residency : nullptr) == 0;
}

// Workload -> the nodes of its replicas, held contiguously (one array for the estate).
class CLEARANCE_API Placement {
 public:
  explicit Placement(std::size_t workload_count = 0) : offsets_(workload_count + 1, 0) {}
  // From the CSR arrays: the nodes of workload w are nodes[offsets[w] .. offsets[w+1]).
  Placement(std::vector<std::uint32_t> offsets, std::vector<NodeIndex> nodes)
      : offsets_(std::move(offsets)), nodes_(std::move(nodes)) {}

  std::size_t workload_count() const { return offsets_.size() - 1; }
  Span<NodeIndex> nodes_of(WorkloadIndex workload) const {
    return Span<NodeIndex>(nodes_.data() + offsets_[workload], offsets_[workload + 1] - offsets_[workload]);
  }
  bool is_placed(WorkloadIndex workload) const { return offsets_[workload + 1] != offsets_[workload]; }
  std::size_t replica_count() const { return nodes_.size(); }

  // Replaces the nodes of one workload (no validation; Model::set_placement validates).
  void assign(WorkloadIndex workload, Span<NodeIndex> nodes);

 private:
  friend struct SnapshotAccess;
  std::vector<std::uint32_t> offsets_;
  std::vector<NodeIndex> nodes_;
};

class CLEARANCE_API Model {
 public:
  const std::string& name() const { return name_; }
  const Scheme& scheme() const { return scheme_; }

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Link>& links() const { return links_; }
  const std::vector<Data>& data() const { return data_; }
  const std::vector<Workload>& workloads() const { return workloads_; }
  const std::vector<Flow>& flows() const { return flows_; }
  const Placement& placement() const { return placement_; }

  const IdTable& node_ids() const { return node_ids_; }
  const IdTable& link_ids() const { return link_ids_; }
  const IdTable& data_ids() const { return data_ids_; }
  const IdTable& workload_ids() const { return workload_ids_; }
  const IdTable& flow_ids() const { return flow_ids_; }
  const IdTable& resource_names() const { return resource_names_; }
  const IdTable& zone_names() const { return zone_names_; }

  std::string_view node_id(NodeIndex i) const { return node_ids_.name(i); }
  std::string_view link_id(LinkIndex i) const { return link_ids_.name(i); }
  std::string_view data_id(DataIndex i) const { return data_ids_.name(i); }
  std::string_view workload_id(WorkloadIndex i) const { return workload_ids_.name(i); }
  std::string_view flow_id(FlowIndex i) const { return flow_ids_.name(i); }
  std::string_view resource_name(ResourceIndex i) const { return resource_names_.name(i); }

  // Replaces the placement of one workload, validating the ids (input_error with a
  // "did you mean" for unknown ids, or a node named twice). Strong guarantee.
  void set_placement(std::string_view workload, const std::vector<std::string_view>& nodes);
  // Replaces the whole placement (e.g. one read with load_placement). Must belong to
  // this model: same workload count and node indices in range, else error(usage).
  // A node repeated in one workload's list is kept (the rules count it once).
  void set_placement(Placement placement);

  // The canonical marking of a data asset, e.g. "SECRET//REL TO USA, GBR".
  std::string marking_of(DataIndex data) const;
  // The canonical marking a node is accredited for, e.g. "TOP SECRET//SI/TK".
  std::string accreditation_of(NodeIndex node) const;

 private:
  friend class ModelBuilder;
  friend struct SnapshotAccess;
  friend struct DownAccess;  // whatif.hpp: the model with elements down
  std::string name_;
  Scheme scheme_;
  std::vector<Node> nodes_;
  std::vector<Link> links_;
  std::vector<Data> data_;
  std::vector<Workload> workloads_;
  std::vector<Flow> flows_;
  Placement placement_;
  IdTable node_ids_, link_ids_, data_ids_, workload_ids_, flow_ids_, resource_names_, zone_names_;
};

// True when `id` matches [A-Za-z0-9._:-]+.
CLEARANCE_API bool is_valid_id(std::string_view id);

}  // namespace v1
}  // namespace clearance
