// `clearance explain`: the checker's placement rules turned around, asking of every node
// whether one more replica of a workload could go there, and why not.
#include <clearance/explain.hpp>
#include <clearance/terminal_text.hpp>

#include <clearance/error.hpp>
#include <clearance/finding.hpp>

#include "check_predicates.hpp"
#include "label_text.hpp"
#include "rule_text.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>

namespace clearance {
inline namespace v1 {

using detail::at_rest_is_inadequate;
using detail::exceeds_capacity;
using detail::format_compartments;
using detail::format_countries;
using detail::format_number;
using detail::lacks_impact_level;
using detail::quoted;

namespace {

// What every data a workload uses asks of a node, combined. Holding each data is the
// same as holding the join of their labels, intersected residencies and the highest
// impact level (each test is monotone), so one comparison per node suffices.
struct Needs {
  Label label;                      // join of the data labels
  bool has_residency = false;
  CountrySet residency = every_country();
  ImpactLevelIndex impact_level = no_impact_level;
  DataIndex level_data = no_key;    // a data at the highest level, to name it
  DataIndex impact_data = no_key;   // a data needing the highest impact level
};

Needs needs_of(const Model& model, const Workload& workload) {
  Needs needs;
  for (DataIndex d : workload.uses) {
    const Data& data = model.data()[d];
    if (needs.level_data == no_key || data.label.level > needs.label.level) needs.level_data = d;
    needs.label = join(needs.label, data.label);
    if (data.has_residency) {
      needs.has_residency = true;
      needs.residency &= data.residency;
    }
    if (data.impact_level != no_impact_level &&
        (needs.impact_level == no_impact_level || data.impact_level > needs.impact_level)) {
      needs.impact_level = data.impact_level;
      needs.impact_data = d;
    }
  }
  return needs;
}

}  // namespace

Explanation explain(const Model& model, WorkloadIndex w) {
  if (w >= model.workloads().size()) throw error(ErrorKind::usage, "explain: no workload with index " + std::to_string(w));
  const Scheme& scheme = model.scheme();
  const Workload& workload = model.workloads()[w];
  const Needs needs = needs_of(model, workload);
  const auto node_count = static_cast<NodeIndex>(model.nodes().size());

  // What the rest of the placement already takes of each node's resources.
  const std::size_t resource_count = model.resource_names().size();
  std::vector<double> used(static_cast<std::size_t>(node_count) * resource_count, 0.0);
  for (WorkloadIndex other = 0; other < model.workloads().size(); ++other) {
    if (other == w) continue;
    for (NodeIndex n : model.placement().nodes_of(other)) {
      if (!model.nodes()[n].has_capacity) continue;
      for (const ResourceAmount& amount : model.workloads()[other].resources)
        used[n * resource_count + amount.resource] += amount.amount;
    }
  }

  Explanation result;
  result.workload = w;
  std::map<std::string, std::size_t> counts;
  Span<NodeIndex> placed = model.placement().nodes_of(w);
  for (NodeIndex n = 0; n < node_count; ++n) {
    const Node& node = model.nodes()[n];
    NodeVerdict verdict;
    verdict.node = n;
    verdict.placed = std::find(placed.begin(), placed.end(), n) != placed.end();
    auto fail = [&](ExplainReason reason, std::string summary, std::string detail) {
      verdict.reasons |= reason;
      ++counts[summary];
      verdict.details.push_back(std::move(detail));
    };

    std::uint8_t failures = hold_failures(node, needs.label, needs.has_residency ? &needs.residency : nullptr);
    if (failures & hold_level) {
      const std::string& level = scheme.level_name(needs.label.level);
      fail(reason_level, "below " + level,
           "accredited " + scheme.level_name(node.accredited.level) + ", below " + level + " of data " +
               quoted(model.data_id(needs.level_data)));
    }
    if (failures & hold_compartments) {
      CompartmentSet missing = needs.label.compartments.minus(node.accredited.compartments);
      std::string text = detail::compartments_phrase(missing, scheme);
      fail(reason_compartments, "lack " + text, "lacks " + text);
    }
    if (failures & hold_release) {
      std::string releasable = format_countries(needs.label.releasable);
      if (needs.label.releasable.size() == 1) releasable += " only";
      const std::string reachable = detail::reachable_by_phrase(node.access.minus(needs.label.releasable));
      fail(reason_release, reachable, reachable + "; the data is releasable to " + releasable);
    }
    if (failures & hold_residency) {
      std::string allowed = format_countries(needs.residency);
      fail(reason_residency, "outside residency " + allowed,
           "in " + std::string(country_code(node.jurisdiction)) + "; the data must reside in " + allowed);
    }
    if (lacks_impact_level(node, needs.impact_level)) {
      const std::string& needed = scheme.impact_levels()[needs.impact_level].name;
      std::string has = node.impact_level == no_impact_level
                            ? std::string("no impact level")
                            : "impact level " + scheme.impact_levels()[node.impact_level].name;
      fail(reason_impact_level, "below " + needed,
           has + "; data " + quoted(model.data_id(needs.impact_data)) + " needs " + needed);
    }
    if (node.is_edge() && !workload.uses.empty() &&
        at_rest_is_inadequate(scheme, node.at_rest, needs.label.level)) {
      bool classified = scheme.is_classified(needs.label.level);
      fail(reason_at_rest,
           classified ? "edge without csfc or type1 at rest" : "edge without encryption at rest",
           "edge with at-rest encryption " + std::string(to_string(node.at_rest)) + "; " +
               scheme.level_name(needs.label.level) + " data needs " +
               detail::at_rest_needed(scheme, needs.label.level));
    }
    if (detail::is_too_stale(node, workload)) {
      std::string tolerance = format_number(*workload.max_staleness_h);
      fail(reason_staleness, "offline longer than " + tolerance + " h",
           "offline " + format_number(node.mean_offline_h) + " h on average; the workload tolerates " +
               tolerance + " h");
    }
    if (node.has_capacity) {
      for (const ResourceAmount& amount : workload.resources) {
        if (amount.amount <= 0) continue;
        double have = 0;
        for (const ResourceAmount& capacity : node.capacity)
          if (capacity.resource == amount.resource) have = capacity.amount;
        double taken = used[n * resource_count + amount.resource];
        if (!exceeds_capacity(taken + amount.amount, have)) continue;
        std::string resource(model.resource_name(amount.resource));
        double free = std::max(0.0, have - taken);
        fail(reason_capacity, "insufficient " + resource,
             resource + ": needs " + format_number(amount.amount) + ", " + format_number(free) + " of " +
                 format_number(have) + " free");
      }
    }
    result.hosts += verdict.can_host();
    result.nodes.push_back(std::move(verdict));
  }

  std::sort(result.nodes.begin(), result.nodes.end(), [&](const NodeVerdict& a, const NodeVerdict& b) {
    if (a.can_host() != b.can_host()) return a.can_host();
    return model.node_id(a.node) < model.node_id(b.node);
  });
  for (auto& [reason, nodes] : counts) result.reasons.push_back(ReasonCount{reason, nodes});
  std::stable_sort(result.reasons.begin(), result.reasons.end(),
                   [](const ReasonCount& a, const ReasonCount& b) { return a.nodes > b.nodes; });

  result.summary = std::to_string(result.hosts) + " of " + std::to_string(node_count) +
                   (node_count == 1 ? " node" : " nodes") + " can host it";
  for (std::size_t i = 0; i < result.reasons.size(); ++i) {
    result.summary += i == 0 ? "; " : ", ";
    result.summary += std::to_string(result.reasons[i].nodes) + " " + result.reasons[i].reason;
  }
  return result;
}

Explanation explain(const Model& model, std::string_view workload) {
  std::optional<std::uint32_t> index = model.workload_ids().find(workload);
  if (!index) {
    std::string message = "model `" + model.name() + "` has no workload " + quoted(workload);
    if (auto near = nearest_name(workload, model.workload_ids())) message += "; did you mean " + quoted(*near) + "?";
    throw error(ErrorKind::not_found, message);
  }
  return explain(model, *index);
}

std::string to_text(const Explanation& explanation, const Model& model) {
  const Scheme& scheme = model.scheme();
  const Workload& workload = model.workloads()[explanation.workload];
  std::string out = "workload " + quoted(model.workload_id(explanation.workload));
  if (workload.uses.empty()) {
    out += " uses no data";
  } else {
    out += " uses ";
    for (std::size_t i = 0; i < workload.uses.size(); ++i) {
      if (i > 0) out += ", ";
      out += quoted(model.data_id(workload.uses[i])) + " (" + terminal_safe(model.marking_of(workload.uses[i])) + ")";
    }
    Needs needs = needs_of(model, workload);
    out += "; a node must be accredited " + terminal_safe(scheme.level_name(needs.label.level));
    if (!needs.label.compartments.empty()) out += "//" + terminal_safe(format_compartments(needs.label.compartments, scheme));
    out += " and reachable only by " + format_countries(needs.label.releasable) + " personnel";
    if (needs.has_residency) out += ", in " + format_countries(needs.residency);
    if (needs.impact_level != no_impact_level) out += ", at " + terminal_safe(scheme.impact_levels()[needs.impact_level].name) + " or higher";
  }
  out += "\n" + terminal_safe(explanation.summary) + "\n";
  Span<NodeIndex> placed = model.placement().nodes_of(explanation.workload);
  if (placed.empty()) {
    out += "It is not placed.\n";
  } else {
    out += "Placed on ";
    for (std::size_t i = 0; i < placed.size(); ++i) out += (i > 0 ? ", " : "") + quoted(model.node_id(placed[i]));
    out += ".\n";
  }
  bool in_hosts = false, in_others = false;
  for (const NodeVerdict& verdict : explanation.nodes) {
    if (verdict.can_host() && !in_hosts) {
      out += "\ncan host it:\n";
      in_hosts = true;
    }
    if (!verdict.can_host() && !in_others) {
      out += "\ncannot host it:\n";
      in_others = true;
    }
    out += "  " + quoted(model.node_id(verdict.node)) + " (" + terminal_safe(model.accreditation_of(verdict.node)) + ")";
    if (verdict.placed) out += " [placed]";
    for (std::size_t i = 0; i < verdict.details.size(); ++i) out += (i == 0 ? ": " : "; ") + terminal_safe(verdict.details[i]);
    out += "\n";
  }
  return out;
}

}  // namespace v1
}  // namespace clearance
