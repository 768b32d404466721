// Why a flow can or cannot be routed, source node by source node, with the witness path
// hop by hop (node, link, label after the hop). Backs `clearance explain-flow MODEL FLOW`.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/flow.hpp>
#include <clearance/model.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

enum class FlowVerdict : std::uint8_t {
  routed,     // an allowed route meets the flow's bandwidth and latency
  colocated,  // the source node also hosts the target workload: the empty route
  no_route,   // flow.route
  bandwidth,  // flow.bandwidth
  latency,    // flow.latency
};

struct SourceExplanation {
  NodeIndex node = 0;
  FlowVerdict verdict = FlowVerdict::routed;
  std::vector<Hop> path;   // the witness route (see check_flows); for routed, the fastest
                           // allowed route that meets the bandwidth
  double latency_ms = 0;   // routed: the path's total latency
  double bandwidth_mbps = 0;  // routed: the path's narrowest link
  std::string why;         // a finding's message, or how the route meets the flow
  bool is_finding() const {
    return verdict == FlowVerdict::no_route || verdict == FlowVerdict::bandwidth || verdict == FlowVerdict::latency;
  }
};

struct FlowExplanation {
  FlowIndex flow = 0;
  std::vector<SourceExplanation> sources;  // one per distinct source node, in placement order
  std::string summary;  // "2 of 3 source nodes reach workload `b`; 1 has no route"
};

struct ExplainFlowOptions {
  // The most (node, label) states the flow's data class may take, as check() bounds them
  // (FlowCheckOptions::max_label_states, docs/limits.md): above it explain_flow() throws
  // error (ErrorKind::input) naming the data and the guards whose releases multiply its labels.
  std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states;
};

// Explains every source node of a flow (none when either workload has no placement).
CLEARANCE_API FlowExplanation explain_flow(const Model& model, FlowIndex flow);
CLEARANCE_API FlowExplanation explain_flow(const Model& model, FlowIndex flow, const ExplainFlowOptions& options);

// The same by id; throws error (ErrorKind::not_found, with a "did you mean") when the
// model has no such flow.
CLEARANCE_API FlowExplanation explain_flow(const Model& model, std::string_view flow);
CLEARANCE_API FlowExplanation explain_flow(const Model& model, std::string_view flow, const ExplainFlowOptions& options);

// The explanation for people: the flow, the summary, then per source node the verdict,
// the path hop by hop and why.
CLEARANCE_API std::string to_text(const FlowExplanation& explanation, const Model& model);

CLEARANCE_API std::string_view to_string(FlowVerdict verdict);

}  // namespace v1
}  // namespace clearance
