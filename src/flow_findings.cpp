// The flow findings: witness hops, where a plain path breaks, and the messages (see
// flow_findings.hpp).
#include "flow_findings.hpp"

#include "label_text.hpp"
#include "rule_text.hpp"
#include "text.hpp"

#include <algorithm>
#include <utility>

namespace clearance {
inline namespace v1 {
namespace detail {

std::vector<Hop> hops_of(const Model& model, const FlowSpace& space, const DataClass& data_class,
                         const ProductRoute& route) {
  std::vector<Hop> hops;
  hops.reserve(route.vertices.size());
  for (std::size_t i = 0; i < route.vertices.size(); ++i) {
    const VertexIndex v = route.vertices[i];
    hops.push_back(Hop{i == 0 ? no_key : route.links[i - 1], space.node_of(v),
                       data_class.label_text(model, space.state_of(v))});
  }
  return hops;
}

namespace {

std::string node_list_of(const Model& model, Span<NodeIndex> nodes) {
  std::string out;
  for (std::size_t i = 0; i < nodes.size() && i < 8; ++i) {
    if (i) out += ", ";
    out += quoted(model.node_id(nodes[i]));
  }
  if (nodes.size() > 8) out += ", ...";
  return out;
}

std::string kind_of(const Link& link) {
  switch (link.kind) {
    case LinkKind::network: return "network link";
    case LinkKind::guard: return "guard";
    case LinkKind::diode: return "diode";
    case LinkKind::courier: return "courier link";
  }
  return "link";
}

// Why node n cannot hold `label`, for "node `x` cannot hold SECRET//NOFORN: it is
// accredited CUI, below SECRET; ...": the flow rules' one wording of a failed holding test.
std::string hold_reasons(const Model& model, NodeIndex n, const Label& label, const CountrySet* residency,
                         std::uint8_t failures, const DataClass& data_class) {
  const Node& node = model.nodes()[n];
  const Scheme& scheme = model.scheme();
  std::string out;
  auto add = [&](const std::string& text) {
    if (!out.empty()) out += "; ";
    out += text;
  };
  if (failures & hold_level)
    add("it is accredited " + scheme.level_name(node.accredited.level) + ", below " + scheme.level_name(label.level));
  if (failures & hold_compartments) {
    CompartmentSet missing = label.compartments.minus(node.accredited.compartments);
    add("it lacks " + compartments_phrase(missing, scheme));
  }
  if (failures & hold_release) {
    const CountryId owner = model.data()[data_class.representative].owner;
    add("it is " + reachable_by_phrase(node.access.minus(label.releasable)) + ", and the label is releasable to " + format_countries(label.releasable, owner) + " only");
  }
  if (failures & hold_residency)
    add("it is in " + std::string(country_code(node.jurisdiction)) + ", outside the data's residency " +
        format_countries(*residency));
  return out;
}

// What to change when a node cannot hold a label; `accreditation` is the label's level
// and compartments.
std::string remediation_for(std::uint8_t failures, const std::string& node_id, const std::string& accreditation) {
  if (failures & (hold_level | hold_compartments))
    return "Route the flow through nodes accredited for " + accreditation + ", accredit " + node_id +
           " for it, or place the workloads where an allowed route joins them.";
  if (failures & hold_release)
    return "Relabel the data on the way through a guard release to a label " + node_id +
           "'s personnel may see, restrict " + node_id + "'s access, or have the owner release the data to them.";
  return "Route the flow through nodes inside the data's residency, or place the workloads where such a route "
         "joins them.";
}

Finding flow_finding(RuleId rule, FlowIndex f, NodeIndex a) {
  Finding finding;
  finding.rule = rule;
  finding.severity = rule_info(rule).severity;
  finding.flow = f;
  finding.node = a;
  return finding;
}

// "flow `f` (data `d`, SECRET//NOFORN) from node `a` to workload `B`"
std::string flow_subject(const Model& model, FlowIndex f, NodeIndex a) {
  const Flow& flow = model.flows()[f];
  return "flow " + quoted(model.flow_id(f)) + " (data " + quoted(model.data_id(flow.data)) + ", " +
         model.marking_of(flow.data) + ") from node " + quoted(model.node_id(a)) + " to workload " +
         quoted(model.workload_id(flow.to));
}

std::string route_text(const Model& model, const std::vector<Hop>& hops) {
  std::string out;
  for (const Hop& hop : hops) {
    if (!out.empty()) out += " -> ";
    out += quoted(model.node_id(hop.node));
  }
  return out;
}

}  // namespace

RouteBreak explain_no_route(const Model& model, PlainPaths& plain, const GuardReleases& guards,
                            const DataClass& data_class, NodeIndex a, Span<NodeIndex> targets) {
  const Scheme& scheme = model.scheme();
  const auto& links = model.links();
  const auto& nodes = model.nodes();
  RouteBreak result;
  auto path = plain.shortest(a, targets, true);
  if (path.first.empty()) {
    // No directed path: look for one that ignores directions, to name the one-way link.
    path = plain.shortest(a, targets, false);
    if (path.first.empty()) {
      result.why = "no chain of links joins " + quoted(model.node_id(a)) + " to " + node_list_of(model, targets);
      result.remediation = "Link the nodes (through a guard where their domains differ) or place the workloads "
                           "on nodes that are linked.";
      return result;
    }
    const std::string text = data_class.label_text(model, 0);
    for (std::size_t i = 0; i < path.first.size(); ++i)
      result.path.push_back(Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], text});
    for (std::size_t i = 0; i + 1 < path.first.size(); ++i) {
      const Link& link = links[path.second[i]];
      if (!link.is_one_way() || link.from == path.first[i]) continue;
      const std::string id = quoted(model.link_id(path.second[i]));
      result.why = "every path crosses a one-way link against its direction; the shortest needs " + kind_of(link) +
                   " " + id + " from " + quoted(model.node_id(path.first[i])) + " to " +
                   quoted(model.node_id(path.first[i + 1])) + ", but it only runs from " +
                   quoted(model.node_id(link.from)) + " to " + quoted(model.node_id(link.to));
      result.remediation = "Add a route in the flow's direction (a guard or a diode from " +
                           quoted(model.node_id(path.first[i])) + " towards " +
                           quoted(model.node_id(path.first[i + 1])) +
                           "), or place the workloads so that the flow runs with the one-way links.";
      return result;
    }
    result.why = "no path follows the links' directions";
    result.remediation = "Add a route in the flow's direction.";
    return result;
  }

  // Carry the label along the plain path: alive[i] are the states the data may have at
  // path node i, from[i][s] the state it had at node i - 1.
  const std::uint32_t states = static_cast<std::uint32_t>(data_class.labels.size());
  const std::size_t length = path.first.size();
  std::vector<std::vector<StateIndex>> from(length, std::vector<StateIndex>(states, none));
  from[0][0] = 0;
  std::size_t broken = length;  // index of the node the breaking hop reaches
  std::vector<StateIndex> targets_of;
  for (std::size_t i = 1; i < length && broken == length; ++i) {
    const LinkIndex l = path.second[i - 1];
    const Link& link = links[l];
    const Node& node = nodes[path.first[i]];
    bool any = false;
    for (StateIndex s = 0; s < states; ++s) {
      if (from[i - 1][s] == none) continue;
      if (link.kind == LinkKind::guard) {
        data_class.guard_targets(guards, l, s, targets_of);
      } else {
        targets_of.clear();
        if (!link.is_transport() || transport_is_adequate(scheme, link, data_class.labels[s].level))
          targets_of.push_back(s);
      }
      for (StateIndex t : targets_of) {
        if (from[i][t] != none) continue;
        if (hold_failures(node, data_class.labels[t], data_class.residency) != 0) continue;
        from[i][t] = s;
        any = true;
      }
    }
    if (!any) broken = i;
  }

  // The state shown at each node: the lowest alive state before the break, traced back.
  std::vector<StateIndex> shown(length, 0);
  const std::size_t last_alive = broken == length ? length - 1 : broken - 1;
  StateIndex s = 0;
  while (s < states && from[last_alive][s] == none) ++s;
  for (std::size_t i = last_alive + 1; i-- > 0;) {
    shown[i] = s;
    if (i > 0) s = from[i][s];
  }
  for (std::size_t i = last_alive + 1; i < length; ++i) shown[i] = shown[last_alive];
  for (std::size_t i = 0; i < length; ++i)
    result.path.push_back(
        Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], data_class.label_text(model, shown[i])});
  if (broken == length) {
    result.why = "the shortest path keeps the label";  // cannot happen when no route exists
    result.remediation = "";
    return result;
  }

  const LinkIndex l = path.second[broken - 1];
  const Link& link = links[l];
  const NodeIndex w = path.first[broken];
  const StateIndex carried = shown[broken - 1];
  const Label& label = data_class.labels[carried];
  const std::string label_text = data_class.label_text(model, carried);
  const std::string link_id = quoted(model.link_id(l));
  const std::string node_id = quoted(model.node_id(w));
  const std::string hop = "hop " + std::to_string(broken) + " (" + kind_of(link) + " " + link_id + " to " +
                          node_id + ")";
  if (link.is_transport() && !transport_is_adequate(scheme, link, label.level)) {
    const bool classified = scheme.is_classified(label.level);
    result.why = "the shortest path ignoring labels breaks at " + hop + ": it runs on a " +
                 scheme.level_name(link.carrier) + " carrier with encryption " +
                 std::string(to_string(link.encryption)) + ", not adequate for " + label_text + " (" +
                 (classified ? "classified" : "controlled") + " data needs " + transport_needed(scheme, label.level) +
                 " on a lower carrier)";
    result.remediation = "Encrypt " + link_id + " with " + (classified ? "csfc or type1" : "tls or better") +
                         " or carry it on a " + scheme.level_name(label.level) +
                         " network, or route the flow another way.";
    return result;
  }
  const std::uint8_t failures = hold_failures(nodes[w], label, data_class.residency);
  result.why = "the shortest path ignoring labels breaks at " + hop + ": " + node_id + " cannot hold " +
               label_text + ": " + hold_reasons(model, w, label, data_class.residency, failures, data_class);
  if (link.kind == LinkKind::guard) {
    std::vector<StateIndex> offered;
    data_class.guard_targets(guards, l, carried, offered);
    if (offered.size() == 1) {
      result.why += "; guard " + link_id + " has no release whose `from` covers " + label_text;
      result.remediation = "Accredit guard " + link_id + " for a release from " + label_text +
                           " to a label " + node_id + " holds, or route the flow another way.";
      return result;
    }
    for (std::size_t k = 1; k < offered.size(); ++k) {
      const Label& released = data_class.labels[offered[k]];
      result.why += "; after guard " + link_id + "'s release to " + data_class.label_text(model, offered[k]) +
                    " " + hold_reasons(model, w, released, data_class.residency,
                                       hold_failures(nodes[w], released, data_class.residency), data_class);
    }
  }
  std::string accreditation = scheme.level_name(label.level);
  if (!label.compartments.empty()) accreditation += "//" + format_compartments(label.compartments, scheme);
  result.remediation = remediation_for(failures, node_id, accreditation);
  return result;
}

bool RouteExplanations::Key::operator==(const Key& other) const {
  return data_class == other.data_class && targets.size() == other.targets.size() &&
         std::equal(targets.begin(), targets.end(), other.targets.begin());
}

std::size_t RouteExplanations::KeyHash::operator()(const Key& key) const {
  std::uint64_t h = key.data_class * 0x9E3779B97F4A7C15ull;
  for (NodeIndex n : key.targets) h = (h ^ n) * 0x100000001B3ull;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

const RouteBreak& RouteExplanations::of(const Model& model, PlainPaths& plain, const GuardReleases& guards,
                                        std::uint32_t data_class, const DataClass& data, NodeIndex a,
                                        Span<NodeIndex> targets) {
  if (a != source_) {
    known_.clear();
    source_ = a;
  }
  const Key key{data_class, targets};
  auto found = known_.find(key);
  if (found == known_.end())
    found = known_.emplace(key, explain_no_route(model, plain, guards, data, a, targets)).first;
  return found->second;
}

Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a,
                      RouteExplanations* explanations) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_route, f, a);
  // Spec §4: critical for classified data; the original data decides, not a relabel.
  if (!model.scheme().is_classified(model.data()[flow.data].label.level)) finding.severity = Severity::high;
  Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  auto write = [&](const RouteBreak& broken) {
    finding.message = flow_subject(model, f, a) + " has no route that keeps the data's label to any of its nodes (" +
                      node_list_of(model, targets) + "): " + broken.why + ". " + broken.remediation;
  };
  if (explanations != nullptr) {
    const RouteBreak& broken = explanations->of(model, plain, context.guards, context.classes.class_of[flow.data],
                                                context.class_of(flow), a, targets);
    write(broken);
    finding.path = broken.path;
  } else {
    RouteBreak broken = explain_no_route(model, plain, context.guards, context.class_of(flow), a, targets);
    write(broken);
    finding.path = std::move(broken.path);
  }
  return finding;
}

Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route,
                          FlowIndex f, NodeIndex a) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_bandwidth, f, a);
  finding.path = hops_of(model, space, context.class_of(flow), route);
  const std::string needed = format_number(*flow.min_bandwidth_mbps);
  std::string widest;
  if (!route.vertices.empty()) {
    LinkIndex narrowest = route.links.empty() ? 0 : route.links[0];
    for (LinkIndex l : route.links)
      if (model.links()[l].bandwidth_mbps < model.links()[narrowest].bandwidth_mbps) narrowest = l;
    widest = ": the widest allowed route, " + route_text(model, finding.path) + ", carries " +
             format_number(route.figure) + " Mb/s, limited by link " + quoted(model.link_id(narrowest));
  }
  finding.message = flow_subject(model, f, a) + " needs " + needed +
                    " Mb/s (min_bandwidth_mbps), but every route that keeps the data's label crosses a slower link" +
                    widest + ". Add bandwidth on an allowed route, or relax the flow's min_bandwidth_mbps to " +
                    format_number(route.figure) + ".";
  return finding;
}

Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route,
                        FlowIndex f, NodeIndex a) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_latency, f, a);
  finding.path = hops_of(model, space, context.class_of(flow), route);
  std::string meeting;
  if (flow.min_bandwidth_mbps)
    meeting = " among those that carry its " + format_number(*flow.min_bandwidth_mbps) + " Mb/s";
  finding.message = flow_subject(model, f, a) + " allows " + format_number(*flow.max_latency_ms) +
                    " ms (max_latency_ms), but the fastest route that keeps the data's label" + meeting + ", " +
                    route_text(model, finding.path) + ", takes " + format_number(route.figure) +
                    " ms. Place the workloads closer together, add a faster allowed route, or relax the flow's "
                    "max_latency_ms to " + format_number(route.figure) + ".";
  return finding;
}

bool check_flow_source(const FlowContext& context, const FlowSpace& space, LatencyCheck& search, PlainPaths& plain,
                       FlowIndex f, NodeIndex a, Finding& out) {
  const Flow& flow = context.model.flows()[f];
  const Span<NodeIndex> targets = context.model.placement().nodes_of(flow.to);
  const double threshold = context.threshold_value(context.threshold_index(flow));
  ProductRoute fastest;
  switch (search.reach(a, targets, threshold, flow.max_latency_ms ? *flow.max_latency_ms : infinity, &fastest)) {
    case LatencyCheck::Reach::within: return false;
    case LatencyCheck::Reach::slower: out = latency_finding(context, space, fastest, f, a); return true;
    case LatencyCheck::Reach::unreachable: break;
  }
  // No route of the bandwidth: flow.bandwidth when there is one without it.
  if (threshold > 0 && search.reach(a, targets, 0, infinity) != LatencyCheck::Reach::unreachable)
    out = bandwidth_finding(context, space, search.widest(a, targets), f, a);
  else
    out = route_finding(context, plain, f, a);
  return true;
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
