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

// "`n1`, `n2`, ...": at most eight nodes.
void append_node_list(std::string& out, const Model& model, Span<NodeIndex> nodes) {
  for (std::size_t i = 0; i < nodes.size() && i < 8; ++i) {
    if (i) out += ", ";
    append_quoted(out, model.node_id(nodes[i]));
  }
  if (nodes.size() > 8) out += ", ...";
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

// "flow `f` (data `d`, SECRET//NOFORN) from node `a` to workload `B`"; `marking` is the
// data's.
void append_flow_subject(std::string& out, const Model& model, FlowIndex f, NodeIndex a, const std::string& marking) {
  const Flow& flow = model.flows()[f];
  out += "flow ";
  append_quoted(out, model.flow_id(f));
  out += " (data ";
  append_quoted(out, model.data_id(flow.data));
  out += ", ";
  out += marking;
  out += ") from node ";
  append_quoted(out, model.node_id(a));
  out += " to workload ";
  append_quoted(out, model.workload_id(flow.to));
}

std::string flow_subject(const Model& model, FlowIndex f, NodeIndex a, FlowTexts* texts) {
  std::string out;
  const DataIndex d = model.flows()[f].data;
  if (texts != nullptr)
    append_flow_subject(out, model, f, a, texts->marking(d));
  else
    append_flow_subject(out, model, f, a, model.marking_of(d));
  return out;
}

// hops_of(), with the labels from `texts` when given.
std::vector<Hop> witness_hops(const FlowContext& context, const FlowSpace& space, FlowIndex f,
                              const ProductRoute& route, FlowTexts* texts) {
  const DataIndex d = context.model.flows()[f].data;
  if (texts == nullptr) return hops_of(context.model, space, context.classes.classes[context.classes.class_of[d]], route);
  const std::uint32_t c = context.classes.class_of[d];
  std::vector<Hop> hops;
  hops.reserve(route.vertices.size());
  for (std::size_t i = 0; i < route.vertices.size(); ++i) {
    const VertexIndex v = route.vertices[i];
    hops.push_back(Hop{i == 0 ? no_key : route.links[i - 1], space.node_of(v), texts->label(c, space.state_of(v))});
  }
  return hops;
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

const std::string& FlowTexts::marking(DataIndex d) {
  std::string& text = markings_[d];
  if (text.empty()) text = context_.model.marking_of(d);
  return text;
}

const std::string& FlowTexts::label(std::uint32_t c, StateIndex s) {
  if (labels_.size() <= c) labels_.resize(context_.classes.classes.size());
  std::vector<std::string>& texts = labels_[c];
  if (texts.empty()) texts.resize(context_.classes.classes[c].labels.size());
  if (texts[s].empty()) texts[s] = context_.classes.classes[c].label_text(context_.model, s);
  return texts[s];
}

bool RouteFindings::PathKey::operator==(const PathKey& other) const {
  return data_class == other.data_class && targets.size() == other.targets.size() &&
         std::equal(targets.begin(), targets.end(), other.targets.begin());
}

std::size_t RouteFindings::PathKeyHash::operator()(const PathKey& key) const {
  std::uint64_t h = key.data_class * 0x9E3779B97F4A7C15ull;
  for (NodeIndex n : key.targets) h = (h ^ n) * 0x100000001B3ull;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

bool RouteFindings::BreakKey::operator==(const BreakKey& other) const {
  return data_class == other.data_class && link == other.link && node == other.node && state == other.state;
}

std::size_t RouteFindings::BreakKeyHash::operator()(const BreakKey& key) const {
  std::uint64_t h = (std::uint64_t{key.data_class} << 32 | key.state) * 0x9E3779B97F4A7C15ull;
  h = (h ^ (std::uint64_t{key.link} << 32 | key.node)) * 0x100000001B3ull;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

const std::string& RouteFindings::break_text(std::uint32_t c, LinkIndex l, NodeIndex w, StateIndex carried) {
  auto [found, fresh] = breaks_.try_emplace(BreakKey{c, l, w, carried});
  std::string& text = found->second;
  if (!fresh) return text;
  const Model& model = context_.model;
  const Scheme& scheme = model.scheme();
  const DataClass& data_class = context_.classes.classes[c];
  const Link& link = model.links()[l];
  const Node& node = model.nodes()[w];
  const Label& label = data_class.labels[carried];
  const std::string& label_text = texts_.label(c, carried);
  const std::string link_id = quoted(model.link_id(l));
  const std::string node_id = quoted(model.node_id(w));
  text = " (" + kind_of(link) + " " + link_id + " to " + node_id + "): ";
  if (link.is_transport() && !transport_is_adequate(scheme, link, label.level)) {
    const bool classified = scheme.is_classified(label.level);
    text += "it runs on a " + scheme.level_name(link.carrier) + " carrier with encryption " +
            std::string(to_string(link.encryption)) + ", not adequate for " + label_text + " (" +
            (classified ? "classified" : "controlled") + " data needs " + transport_needed(scheme, label.level) +
            " on a lower carrier). ";
    text += "Encrypt " + link_id + " with " + (classified ? "csfc or type1" : "tls or better") + " or carry it on a " +
            scheme.level_name(label.level) + " network, or route the flow another way.";
    return text;
  }
  const std::uint8_t failures = hold_failures(node, label, data_class.residency);
  text += node_id + " cannot hold " + label_text + ": " +
          hold_reasons(model, w, label, data_class.residency, failures, data_class);
  if (link.kind == LinkKind::guard) {
    data_class.guard_targets(context_.guards, l, carried, offered_);
    if (offered_.size() == 1) {
      text += "; guard " + link_id + " has no release whose `from` covers " + label_text + ". ";
      text += "Accredit guard " + link_id + " for a release from " + label_text + " to a label " + node_id +
              " holds, or route the flow another way.";
      return text;
    }
    for (std::size_t k = 1; k < offered_.size(); ++k) {
      const Label& released = data_class.labels[offered_[k]];
      text += "; after guard " + link_id + "'s release to " + texts_.label(c, offered_[k]) + " " +
              hold_reasons(model, w, released, data_class.residency,
                           hold_failures(node, released, data_class.residency), data_class);
    }
  }
  std::string accreditation = scheme.level_name(label.level);
  if (!label.compartments.empty()) accreditation += "//" + format_compartments(label.compartments, scheme);
  text += ". " + remediation_for(failures, node_id, accreditation);
  return text;
}

void RouteFindings::explain(PlainPaths& plain, std::uint32_t c, NodeIndex a, Span<NodeIndex> targets,
                            std::string& message, std::vector<Hop>& hops) {
  const Model& model = context_.model;
  const Scheme& scheme = model.scheme();
  const auto& links = model.links();
  const auto& nodes = model.nodes();
  const DataClass& data_class = context_.classes.classes[c];
  auto path = plain.shortest(a, targets, true);
  if (path.first.empty()) {
    // No directed path: look for one that ignores directions, to name the one-way link.
    path = plain.shortest(a, targets, false);
    if (path.first.empty()) {
      message += "no chain of links joins ";
      append_quoted(message, model.node_id(a));
      message += " to ";
      append_node_list(message, model, targets);
      message += ". Link the nodes (through a guard where their domains differ) or place the workloads on nodes "
                 "that are linked.";
      return;
    }
    const std::string& text = texts_.label(c, 0);
    hops.reserve(path.first.size());
    for (std::size_t i = 0; i < path.first.size(); ++i)
      hops.push_back(Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], text});
    for (std::size_t i = 0; i + 1 < path.first.size(); ++i) {
      const Link& link = links[path.second[i]];
      if (!link.is_one_way() || link.from == path.first[i]) continue;
      const std::string id = quoted(model.link_id(path.second[i]));
      message += "every path crosses a one-way link against its direction; the shortest needs " + kind_of(link) +
                 " " + id + " from " + quoted(model.node_id(path.first[i])) + " to " +
                 quoted(model.node_id(path.first[i + 1])) + ", but it only runs from " +
                 quoted(model.node_id(link.from)) + " to " + quoted(model.node_id(link.to));
      message += ". Add a route in the flow's direction (a guard or a diode from " +
                 quoted(model.node_id(path.first[i])) + " towards " + quoted(model.node_id(path.first[i + 1])) +
                 "), or place the workloads so that the flow runs with the one-way links.";
      return;
    }
    message += "no path follows the links' directions. Add a route in the flow's direction.";
    return;
  }

  // Carry the label along the plain path: from_[i * states + t] is the state the data had
  // at path node i - 1 when it has state t at node i (none: t does not reach node i).
  const std::uint32_t states = static_cast<std::uint32_t>(data_class.labels.size());
  const std::size_t length = path.first.size();
  from_.assign(length * states, none);
  from_[0] = 0;
  std::size_t broken = length;  // index of the node the breaking hop reaches
  for (std::size_t i = 1; i < length && broken == length; ++i) {
    const LinkIndex l = path.second[i - 1];
    const Link& link = links[l];
    const Node& node = nodes[path.first[i]];
    const StateIndex* before = from_.data() + (i - 1) * states;
    StateIndex* here = from_.data() + i * states;
    bool any = false;
    for (StateIndex s = 0; s < states; ++s) {
      if (before[s] == none) continue;
      if (link.kind == LinkKind::guard) {
        data_class.guard_targets(context_.guards, l, s, offered_);
      } else {
        offered_.clear();
        if (!link.is_transport() || transport_is_adequate(scheme, link, data_class.labels[s].level))
          offered_.push_back(s);
      }
      for (StateIndex t : offered_) {
        if (here[t] != none) continue;
        if (hold_failures(node, data_class.labels[t], data_class.residency) != 0) continue;
        here[t] = s;
        any = true;
      }
    }
    if (!any) broken = i;
  }

  // The state shown at each node: the lowest alive state before the break, traced back.
  shown_.assign(length, 0);
  const std::size_t last_alive = broken == length ? length - 1 : broken - 1;
  StateIndex s = 0;
  while (s < states && from_[last_alive * states + s] == none) ++s;
  for (std::size_t i = last_alive + 1; i-- > 0;) {
    shown_[i] = s;
    if (i > 0) s = from_[i * states + s];
  }
  for (std::size_t i = last_alive + 1; i < length; ++i) shown_[i] = shown_[last_alive];
  hops.reserve(length);
  for (std::size_t i = 0; i < length; ++i)
    hops.push_back(Hop{i == 0 ? no_key : path.second[i - 1], path.first[i], texts_.label(c, shown_[i])});
  if (broken == length) {
    message += "the shortest path keeps the label. ";  // cannot happen when no route exists
    return;
  }
  message += "the shortest path ignoring labels breaks at hop ";
  message += std::to_string(broken);
  message += break_text(c, path.second[broken - 1], path.first[broken], shown_[broken - 1]);
}

void RouteFindings::append(PlainPaths& plain, FlowIndex f, NodeIndex a, std::vector<Finding>& out) {
  const Model& model = context_.model;
  const Flow& flow = model.flows()[f];
  out.push_back(flow_finding(RuleId::flow_route, f, a));
  Finding& finding = out.back();
  // Spec §4: critical for classified data; the original data decides, not a relabel.
  if (!model.scheme().is_classified(model.data()[flow.data].label.level)) finding.severity = Severity::high;
  const Span<NodeIndex> targets = model.placement().nodes_of(flow.to);
  const std::uint32_t c = context_.classes.class_of[flow.data];
  std::string& message = finding.message;
  message.reserve(640);
  append_flow_subject(message, model, f, a, texts_.marking(flow.data));
  const std::size_t offset = message.size();
  if (a != source_ || out_ != &out) {
    explained_.clear();
    source_ = a;
    out_ = &out;
  }
  const auto [known, fresh] = explained_.try_emplace(PathKey{c, targets}, Explained{out.size() - 1, offset});
  if (!fresh) {
    const Finding& first = out[known->second.finding];
    message.append(first.message, known->second.offset, std::string::npos);
    finding.path = first.path;
    return;
  }
  message += " has no route that keeps the data's label to any of its nodes (";
  append_node_list(message, model, targets);
  message += "): ";
  explain(plain, c, a, targets, message, finding.path);
}

Finding route_finding(const FlowContext& context, PlainPaths& plain, FlowIndex f, NodeIndex a) {
  RouteFindings findings(context);
  std::vector<Finding> out;
  findings.append(plain, f, a, out);
  return std::move(out.front());
}

Finding bandwidth_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route,
                          FlowIndex f, NodeIndex a, FlowTexts* texts) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_bandwidth, f, a);
  finding.path = witness_hops(context, space, f, route, texts);
  const std::string needed = format_number(*flow.min_bandwidth_mbps);
  std::string widest;
  if (!route.vertices.empty()) {
    LinkIndex narrowest = route.links.empty() ? 0 : route.links[0];
    for (LinkIndex l : route.links)
      if (model.links()[l].bandwidth_mbps < model.links()[narrowest].bandwidth_mbps) narrowest = l;
    widest = ": the widest allowed route, " + route_text(model, finding.path) + ", carries " +
             format_number(route.figure) + " Mb/s, limited by link " + quoted(model.link_id(narrowest));
  }
  finding.message = flow_subject(model, f, a, texts) + " needs " + needed +
                    " Mb/s (min_bandwidth_mbps), but every route that keeps the data's label crosses a slower link" +
                    widest + ". Add bandwidth on an allowed route, or relax the flow's min_bandwidth_mbps to " +
                    format_number(route.figure) + ".";
  return finding;
}

Finding latency_finding(const FlowContext& context, const FlowSpace& space, const ProductRoute& route,
                        FlowIndex f, NodeIndex a, FlowTexts* texts) {
  const Model& model = context.model;
  const Flow& flow = model.flows()[f];
  Finding finding = flow_finding(RuleId::flow_latency, f, a);
  finding.path = witness_hops(context, space, f, route, texts);
  std::string meeting;
  if (flow.min_bandwidth_mbps)
    meeting = " among those that carry its " + format_number(*flow.min_bandwidth_mbps) + " Mb/s";
  finding.message = flow_subject(model, f, a, texts) + " allows " + format_number(*flow.max_latency_ms) +
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
