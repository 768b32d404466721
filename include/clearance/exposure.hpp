// What an adversary gets who captures a node (spec resilience-v1 §5): the data stored on it
// and whether its at-rest encryption protects each, the flows that may pass through it with
// the labels their data carries there, and a summary. Backs `clearance exposure MODEL`, the
// ranking a commander reads before a patrol, and the C and Python `exposure` calls.
#pragma once

#include <clearance/flow.hpp>
#include <clearance/model.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

// A data asset used by a workload placed on the captured node.
struct AtRestExposure {
  DataIndex data = 0;
  bool exposed = false;                  // false: the node's `at_rest` protects it ("protected")
  std::vector<WorkloadIndex> workloads;  // the workloads on the node that use it, in workload order
};

// A (flow, source node) some route of which passes the captured node.
struct TransitExposure {
  FlowIndex flow = 0;
  NodeIndex source = 0;
  DataIndex data = 0;
  // The labels the data may carry at the captured node: an index into the list's
  // label_sets (TransitList), whose members index ExposureReport::labels.
  std::uint32_t labels = 0;
};

// One capture's data in transit, made on demand from the report's shared search results
// (ExposureReport::in_transit): an estate's captures together may pass tens of millions of
// (flow, source) pairs, so the report keeps them as bit rows and each list is built when
// asked, one capture at a time.
struct TransitList {
  std::vector<TransitExposure> entries;  // in flow order, then source node order
  // The distinct label sets of the entries, each ascending indices into
  // ExposureReport::labels (so sorted as the spec sorts the texts).
  std::vector<std::vector<std::uint32_t>> label_sets;
};

// Over the data exposed at rest and the labels in transit.
struct ExposureSummary {
  std::optional<Level> level;             // the highest level; none when nothing is exposed
  std::vector<std::string> compartments;  // the union, sorted
  std::vector<std::string> owners;        // country codes of the data's owners, sorted
  std::size_t exposed_data = 0;           // distinct data exposed at rest or carried in transit
};

struct Capture {
  NodeIndex node = 0;
  std::vector<AtRestExposure> at_rest;  // in data order
  std::size_t in_transit_count = 0;     // entries of ExposureReport::in_transit for it
  ExposureSummary summary;
};

namespace detail {
struct TransitRows;
}

struct ExposureReport {
  std::vector<Capture> captures;  // in node order
  // Every label a flow's data may carry at a captured node, as the canonical marking that
  // set it, sorted and without repeats: a label index orders as its text.
  std::vector<std::string> labels;
  // The in-transit entries of captures[capture]; throws error (ErrorKind::usage) for an
  // index out of range. Costs one pass over the report's (flow, source) pairs.
  CLEARANCE_API TransitList in_transit(std::size_t capture) const;
  // The shared search results in_transit() reads (one bit row per (flow, source) pair
  // over every capture's label states); internal.
  std::shared_ptr<const detail::TransitRows> rows;
};

struct ExposureOptions {
  // The node captured; without one, every edge node is, one capture each.
  std::optional<NodeIndex> capture;
  // The most (node, label) states one data class's routes may take, as check() bounds them
  // (FlowCheckOptions::max_label_states, docs/limits.md): above it exposure() throws error
  // (ErrorKind::input) naming the data and the guards whose releases multiply its labels.
  std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states;
};

// What capturing each node exposes. Routes are those of spec §4.1 without bandwidth and
// latency, searched once per data class for every captured node at once. Throws error
// (ErrorKind::usage) for a capture index that is not a node.
CLEARANCE_API ExposureReport exposure(const Model& model, const ExposureOptions& options = {});

// The same for one node by id; throws error (ErrorKind::not_found, with a "did you mean")
// when the model has no such node.
CLEARANCE_API ExposureReport exposure(const Model& model, std::string_view capture);
// The same with options (their `capture` replaced by the node `capture` names).
CLEARANCE_API ExposureReport exposure(const Model& model, std::string_view capture, ExposureOptions options);

// A link some in-transit route through a captured node crosses, and which way.
struct RouteCrossing {
  LinkIndex link = 0;
  bool forward = true;  // from the link's `from` to its `to`
};

// The links that the routes of a capture's in-transit entries cross (spec §5's walks: from a
// source to the captured node and on to a node of P(B)), in link order, forward first: what
// the HTML page draws. Searches forward and back per flow, so it is meant for a page, not
// for every edge node of an estate. Throws error (ErrorKind::usage) for an index out of range.
CLEARANCE_API std::vector<RouteCrossing> route_crossings(const Model& model, const ExposureReport& report,
                                                          std::size_t capture);

// The captures ranked by what they expose, for a patrol's commander: highest level first
// (nothing exposed last), then more exposed data, then more owners, then node order.
// Indices into report.captures.
CLEARANCE_API std::vector<std::size_t> rank_captures(const ExposureReport& report);

// The report as spec §5 JSON ({"clearance": 1, "model", "captures": [...]}), fixed bytes.
CLEARANCE_API std::string to_json(const ExposureReport& report, const Model& model);
// The same bytes written to `out` a capture at a time (an estate's report may run to
// gigabytes); stream errors are the stream's.
CLEARANCE_API void write_json(std::ostream& out, const ExposureReport& report, const Model& model);
// The report for people: per capture its summary, the data at rest and the flows through it.
CLEARANCE_API std::string to_text(const ExposureReport& report, const Model& model);
CLEARANCE_API void write_text(std::ostream& out, const ExposureReport& report, const Model& model);
// The ranking (rank_captures) as text, one line a node, and as JSON
// ({"clearance": 1, "model", "ranking": [{"node", "level", "exposed_data", "owners"}]}).
CLEARANCE_API std::string ranking_to_text(const ExposureReport& report, const Model& model);
CLEARANCE_API std::string ranking_to_json(const ExposureReport& report, const Model& model);

}  // namespace v1
}  // namespace clearance
