// Internal: the findings of the flow rules and their evidence: the witness hops of a
// route, where the shortest plain path breaks for flow.route, and the messages. Shared by
// check_flows and explain_flow. Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/model.hpp>

#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Witness hops of a product route of `space`, labelled as `data_class` writes its states
// (the flow's own class, which may share the space of another).
std::vector<Hop> hops_of(const Model& model, const FlowSpace& space, const DataClass& data_class,
                         const ProductRoute& route);

// Texts the flow findings repeat, made once per run (issue 20): the marking of each data
// asset a message names and the label text of each (data class, state) a witness hop
// carries. Formatting a marking cost more than the rest of a finding.
class FlowTexts {
 public:
  explicit FlowTexts(const FlowContext& context) : context_(context) {}
  // model.marking_of(d).
  const std::string& marking(DataIndex d);
  // classes.classes[c].label_text(model, s).
  const std::string& label(std::uint32_t c, StateIndex s);

 private:
  const FlowContext& context_;
  std::unordered_map<DataIndex, std::string> markings_;
  std::vector<std::vector<std::string>> labels_;  // per class, per state; empty: not made yet
};

// The findings of flow.route, one source node at a time, with what their explanations
// share (issue 20). The path and where it breaks depend only on the data class, the
// source and the target nodes, so the flows of one source to the same nodes with data of
// one class search once; and the text of a break depends only on the class, the link,
// the node reached and the label carried, so it is written once for every finding that
// breaks there, whatever its source. Asked with sources in order; a new source forgets
// the last one's paths. One per thread.
class RouteFindings {
 public:
  explicit RouteFindings(const FlowContext& context) : context_(context), texts_(context) {}
  // Appends the finding of flow.route for flow f from source node a to `out`; `plain`
  // finds its plain path.
  void append(PlainPaths& plain, FlowIndex f, NodeIndex a, std::vector<Finding>& out);

 private:
  // Appends why there is no route and the remediation to `message`, and the witness to `path`.
  void explain(PlainPaths& plain, std::uint32_t c, NodeIndex a, Span<NodeIndex> targets, std::string& message,
               std::vector<Hop>& path);
  // What a break at link l into node w with state s of class c reads like after "hop N".
  const std::string& break_text(std::uint32_t c, LinkIndex l, NodeIndex w, StateIndex s);

  struct PathKey {
    std::uint32_t data_class;
    Span<NodeIndex> targets;
    bool operator==(const PathKey& other) const;
  };
  struct PathKeyHash {
    std::size_t operator()(const PathKey& key) const;
  };
  struct Explained {
    std::size_t finding;  // index in `out` of the finding that explained it
    std::size_t offset;   // where its message's explanation starts
  };
  struct BreakKey {
    std::uint32_t data_class, link, node, state;
    bool operator==(const BreakKey& other) const;
  };
  struct BreakKeyHash {
    std::size_t operator()(const BreakKey& key) const;
  };

  const FlowContext& context_;
  FlowTexts texts_;
  NodeIndex source_ = none;
  std::vector<Finding>* out_ = nullptr;  // the vector the explained findings are in
  std::unordered_map<PathKey, Explained, PathKeyHash> explained_;
  std::unordered_map<BreakKey, std::string, BreakKeyHash> breaks_;
  // The label carried along a plain path: from_[i * states + s] is the state at node
  // i - 1 that state s at node i came from (none: s does not reach node i).
  std::vector<StateIndex> from_, offered_, shown_;
};

// The findings of the flow rules for flow f from source node a, with their evidence.
// route_finding's plain path comes from `plain` (one per thread); a run of many findings
// shares its work through a RouteFindings instead.
Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a);
// `widest` is the widest allowed route (empty vertices when there is none). With
// `texts`, the markings and labels already written are reused.
Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& widest,
                          FlowIndex f, NodeIndex a, FlowTexts* texts = nullptr);
// `fastest` is the fastest route that meets the flow's bandwidth.
Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& fastest,
                        FlowIndex f, NodeIndex a, FlowTexts* texts = nullptr);

// The verdict for one flow and source node, by `search` over `space` (the flow's class's
// product graph): true and the finding in `out` when a flow rule fires. The rules apply
// in the spec's order (route, then bandwidth, then latency), and the evidence is the
// routes check_flows reports.
bool check_flow_source(const FlowContext& context, const FlowSpace& space, LatencyCheck& search, PlainPaths& plain,
                       FlowIndex f, NodeIndex a, Finding& out);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
