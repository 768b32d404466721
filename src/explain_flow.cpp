// `clearance explain-flow`: the flow rules for one flow, with the route each source
// node takes or the place where the shortest path breaks.
#include <clearance/explain_flow.hpp>
#include <clearance/terminal_text.hpp>

#include <clearance/error.hpp>

#include "flow_findings.hpp"
#include "flow_space.hpp"
#include "latency_check.hpp"
#include "plain_paths.hpp"
#include "text.hpp"

#include <limits>

namespace clearance {
inline namespace v1 {

using detail::format_number;
using detail::quoted;

std::string_view to_string(FlowVerdict verdict) {
  switch (verdict) {
    case FlowVerdict::routed: return "routed";
    case FlowVerdict::colocated: return "co-located";
    case FlowVerdict::no_route: return "flow.route";
    case FlowVerdict::bandwidth: return "flow.bandwidth";
    case FlowVerdict::latency: return "flow.latency";
  }
  return "unknown";
}

FlowExplanation explain_flow(const Model& model, FlowIndex f) { return explain_flow(model, f, ExplainFlowOptions{}); }

FlowExplanation explain_flow(const Model& model, FlowIndex f, const ExplainFlowOptions& options) {
  FlowExplanation result;
  result.flow = f;
  const Flow& flow = model.flows()[f];
  Span<NodeIndex> sources = model.placement().nodes_of(flow.from);
  Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  const std::string target = "workload " + quoted(model.workload_id(flow.to));
  if (sources.empty() || targets.empty()) {
    result.summary = "no verdict: " +
                     (sources.empty() ? "workload " + quoted(model.workload_id(flow.from)) : target) +
                     " has no placement, so the flow rules do not apply (spec §4.1)";
    return result;
  }
  const detail::FlowContext context(model);
  std::vector<std::uint8_t> asked(context.classes.classes.size(), 0);
  asked[context.classes.search_of[context.classes.class_of[flow.data]]] = 1;
  detail::check_label_states(context, asked, options.max_label_states);
  const detail::FlowSpace space(model, context.network, context.guards, context.class_of(flow), context.widths);
  const double threshold = context.threshold_value(context.threshold_index(flow));
  detail::LatencyCheck search(space);  // the search check() takes, so the paths agree
  detail::PlainPaths plain(model);
  std::size_t reached = 0, no_route = 0, slow = 0, narrow = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    bool repeated = false;
    for (std::size_t k = 0; k < i && !repeated; ++k) repeated = sources[k] == sources[i];
    if (repeated) continue;
    const NodeIndex a = sources[i];
    SourceExplanation source;
    source.node = a;
    Finding finding;
    if (detail::check_flow_source(context, space, search, plain, f, a, finding)) {
      source.verdict = finding.rule == RuleId::flow_route       ? FlowVerdict::no_route
                       : finding.rule == RuleId::flow_bandwidth ? FlowVerdict::bandwidth
                                                                : FlowVerdict::latency;
      ++(source.verdict == FlowVerdict::no_route ? no_route : source.verdict == FlowVerdict::bandwidth ? narrow : slow);
      source.path = std::move(finding.path);
      source.why = std::move(finding.message);
    } else {
      ++reached;
      detail::ProductRoute route = search.fastest(a, targets, threshold);
      source.path = detail::hops_of(model, space, context.class_of(flow), route);
      source.latency_ms = route.figure;
      source.bandwidth_mbps = std::numeric_limits<double>::infinity();
      for (LinkIndex l : route.links)
        source.bandwidth_mbps = std::min(source.bandwidth_mbps, model.links()[l].bandwidth_mbps);
      if (route.links.empty()) {
        source.verdict = FlowVerdict::colocated;
        source.why = "node " + quoted(model.node_id(a)) + " also hosts " + target + ": the empty route counts";
      } else {
        source.why = "the fastest route that keeps the data's label takes " + format_number(route.figure) +
                     " ms";
        if (flow.max_latency_ms) source.why += " (max_latency_ms " + format_number(*flow.max_latency_ms) + ")";
        source.why += " and its narrowest link carries " + format_number(source.bandwidth_mbps) + " Mb/s";
        if (flow.min_bandwidth_mbps)
          source.why += " (min_bandwidth_mbps " + format_number(*flow.min_bandwidth_mbps) + ")";
      }
    }
    result.sources.push_back(std::move(source));
  }
  const std::size_t total = result.sources.size();
  result.summary = std::to_string(reached) + " of " + std::to_string(total) +
                   (total == 1 ? " source node reaches " : " source nodes reach ") + target;
  if (no_route) result.summary += "; " + std::to_string(no_route) + " without a route (flow.route)";
  if (narrow) result.summary += "; " + std::to_string(narrow) + " without the bandwidth (flow.bandwidth)";
  if (slow) result.summary += "; " + std::to_string(slow) + " too slow (flow.latency)";
  return result;
}

FlowExplanation explain_flow(const Model& model, std::string_view flow) {
  return explain_flow(model, flow, ExplainFlowOptions{});
}

FlowExplanation explain_flow(const Model& model, std::string_view flow, const ExplainFlowOptions& options) {
  std::optional<std::uint32_t> index = model.flow_ids().find(flow);
  if (!index) {
    std::string message = "model `" + model.name() + "` has no flow " + quoted(flow);
    if (auto near = nearest_name(flow, model.flow_ids())) message += "; did you mean " + quoted(*near) + "?";
    throw error(ErrorKind::not_found, message);
  }
  return explain_flow(model, *index, options);
}

std::string to_text(const FlowExplanation& explanation, const Model& model) {
  const Flow& flow = model.flows()[explanation.flow];
  std::string out = "flow " + quoted(model.flow_id(explanation.flow)) + " sends data " +
                    quoted(model.data_id(flow.data)) + " (" + terminal_safe(model.marking_of(flow.data)) + ") from workload " +
                    quoted(model.workload_id(flow.from)) + " to workload " + quoted(model.workload_id(flow.to));
  std::string needs;
  if (flow.min_bandwidth_mbps) needs += "at least " + format_number(*flow.min_bandwidth_mbps) + " Mb/s";
  if (flow.max_latency_ms) {
    if (!needs.empty()) needs += ", ";
    needs += "at most " + format_number(*flow.max_latency_ms) + " ms";
  }
  if (!needs.empty()) out += "; it needs " + needs;
  out += "\n" + terminal_safe(explanation.summary) + "\n";
  for (const SourceExplanation& source : explanation.sources) {
    out += "\nfrom " + quoted(model.node_id(source.node)) + ": " + std::string(to_string(source.verdict)) + "\n";
    for (std::size_t i = 0; i < source.path.size(); ++i) {
      const Hop& hop = source.path[i];
      out += "  " + std::to_string(i) + ". ";
      if (hop.link == no_key) {
        out += "start at " + quoted(model.node_id(hop.node));
      } else {
        const Link& link = model.links()[hop.link];
        out += "via " + std::string(to_string(link.kind)) + " " + quoted(model.link_id(hop.link)) + " to " +
               quoted(model.node_id(hop.node));
        out += " (" + format_number(link.latency_ms) + " ms, " + format_number(link.bandwidth_mbps) + " Mb/s)";
      }
      out += ", label " + terminal_safe(hop.label) + "\n";
    }
    out += "  why: " + terminal_safe(source.why) + "\n";
  }
  return out;
}

}  // namespace v1
}  // namespace clearance
