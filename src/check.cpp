// The checker (spec §4): one pass over the placement for the per-workload rules, an
// Eigen matrix of resource sums for capacity, and passes over nodes and links. The hot
// loop does word operations on interned labels; text is built only for findings.
#include <clearance/check.hpp>
#include <clearance/flow.hpp>

#include "check_parts.hpp"
#include "check_predicates.hpp"
#include "grouping.hpp"
#include "label_text.hpp"
#include "rule_text.hpp"
#include "run_tasks.hpp"
#include "text.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clearance {
inline namespace v1 {

using detail::encryption_is_adequate;
using detail::format_compartments;
using detail::format_countries;
using detail::format_number;
using detail::concat;
using detail::quoted;

namespace {

// True when values[i] already occurs in values[0..i): lists are a few entries long, and
// validation already rejects repeats, so a quadratic scan costs less than a set.
template <typename Sequence>
bool appears_before(const Sequence& values, std::size_t i) {
  for (std::size_t k = 0; k < i; ++k)
    if (values[k] == values[i]) return true;
  return false;
}

// What the placement findings' messages say of a data asset, formatted once per asset:
// its marking, and whom it is releasable to. The checker is shared between threads, so
// each thread has its own.
class DataTexts {
 public:
  struct Texts {
    std::string marking;     // model.marking_of(d)
    std::string releasable;  // "USA, GBR" ("USA only"), and why when the marking does not say
  };
  explicit DataTexts(const Model& model) : model_(model) {}
  const Texts& of(DataIndex d) {
    auto [found, fresh] = texts_.try_emplace(d);
    Texts& texts = found->second;
    if (!fresh) return texts;
    const Data& data = model_.data()[d];
    texts.marking = model_.marking_of(d);
    texts.releasable = format_countries(data.label.releasable, data.owner);
    if (data.label.releasable.size() == 1) texts.releasable += " only";
    if (!data.marking.has(Control::noforn) && !data.marking.has(Control::rel_to) && !data.marking.is_foreign())
      texts.releasable += " (no REL TO: not yet reviewed for foreign release)";
    return texts;
  }

 private:
  const Model& model_;
  std::unordered_map<DataIndex, Texts> texts_;
};

class Checker {
 public:
  // `tabulate`: build the hosting table when it pays off; a check of a few workloads
  // (check_some_workloads) does without.
  // `placement`: the one to check (the model's own, or one without some nodes).
  explicit Checker(const Model& model, bool tabulate = true) : Checker(model, model.placement(), tabulate) {}
  Checker(const Model& model, const Placement& placement, bool tabulate)
      : model_(model), scheme_(model.scheme()), nodes_(model.nodes()), data_(model.data()),
        workloads_(model.workloads()), placement_(placement) {
    if (tabulate) tabulate_hosting();
    zone_of_.reserve(nodes_.size());
    for (const Node& node : nodes_) zone_of_.push_back(node.zone);
  }

  // `texts`: the caller's own (one per thread).
  void check_workloads(WorkloadIndex begin, WorkloadIndex end, DataTexts& texts, std::vector<Finding>& out) const {
    for (WorkloadIndex w = begin; w < end; ++w) check_workload(w, texts, out);
  }
  void check_capacity(std::vector<Finding>& out) const;
  void check_node_impact_levels(std::vector<Finding>& out) const;
  void check_links(std::vector<Finding>& out) const;

 private:
  void check_workload(WorkloadIndex w, DataTexts& texts, std::vector<Finding>& out) const;
  void check_hosting(WorkloadIndex w, NodeIndex n, DataIndex d, DataTexts& texts, std::vector<Finding>& out) const;
  void check_zones(WorkloadIndex w, Span<NodeIndex> placed, std::vector<Finding>& out) const;
  void tabulate_hosting();
  // Whether node n may host data d with no placement finding, from the table.
  bool hosts_cleanly(NodeIndex n, DataIndex d) const {
    const std::uint32_t c = hosting_class_[d];
    return (hosts_cleanly_[std::size_t(n) * hosting_words_ + c / 64] >> (c % 64)) & 1u;
  }

  static Finding finding(RuleId rule) {
    Finding f;
    f.rule = rule;
    f.severity = rule_info(rule).severity;
    return f;
  }
  Finding placement_finding(RuleId rule, WorkloadIndex w, NodeIndex n, DataIndex d) const {
    Finding f = finding(rule);
    f.workload = w;
    f.node = n;
    f.data = d;
    return f;
  }
  std::string node_list(Span<NodeIndex> nodes) const {
    std::string out;
    std::size_t listed = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (appears_before(nodes, i)) continue;
      if (listed == 8) {
        out += ", ...";
        break;
      }
      if (listed++ > 0) out += ", ";
      out += quoted(model_.node_id(nodes[i]));
    }
    return out;
  }

  const Model& model_;
  const Scheme& scheme_;
  const std::vector<Node>& nodes_;
  const std::vector<Data>& data_;
  const std::vector<Workload>& workloads_;
  const Placement& placement_;
  // Data that the placement rules cannot tell apart (the same label, residency and impact
  // level) share a hosting class, and bit `class` of node n's row of hosts_cleanly_ says
  // whether n hosts the class with no finding. Estates have thousands of data assets but a
  // few dozen classes: the table is read where each check would load a data asset from a
  // large array (a cache miss per check on a large estate), and as a row of bits per node
  // it stays in the cache and a workload's data are looked up on one line. Empty when the
  // table would cost more than the checks it saves.
  std::vector<std::uint32_t> hosting_class_;
  std::size_t hosting_words_ = 0;  // words per node's row
  std::vector<std::uint64_t> hosts_cleanly_;
  // Each node's zone, apart from the rest of the node: the zone rule reads it per replica.
  std::vector<ZoneIndex> zone_of_;
};

void Checker::tabulate_hosting() {
  static const CountrySet no_residency;
  detail::Grouping classes = detail::group_by_key(static_cast<std::uint32_t>(data_.size()), [&](DataIndex d) {
    const Data& x = data_[d];
    return std::make_tuple(x.label.level, x.label.compartments.words(), x.label.releasable.words(), x.has_residency,
                           x.has_residency ? x.residency.words() : no_residency.words(), x.impact_level);
  });
  const std::vector<DataIndex>& representative = classes.representative;
  // Each replica is checked for each data its workload uses: at least once per replica.
  if (representative.size() * nodes_.size() > placement_.replica_count()) return;  // check each pair directly
  hosting_words_ = (representative.size() + 63) / 64;
  hosts_cleanly_.assign(hosting_words_ * nodes_.size(), 0);
  for (std::size_t c = 0; c < representative.size(); ++c) {
    const Data& data = data_[representative[c]];
    for (NodeIndex n = 0; n < nodes_.size(); ++n) {
      const bool clean = detail::hosting_failures(scheme_, nodes_[n], data) == 0;
      hosts_cleanly_[n * hosting_words_ + c / 64] |= std::uint64_t{clean} << (c % 64);
    }
  }
  hosting_class_ = std::move(classes.class_of);
}

void Checker::check_workload(WorkloadIndex w, DataTexts& texts, std::vector<Finding>& out) const {
  const Workload& workload = workloads_[w];
  Span<NodeIndex> placed = placement_.nodes_of(w);
  if (placed.empty()) {
    Finding f = finding(RuleId::placement_missing);
    f.workload = w;
    f.message = "workload " + quoted(model_.workload_id(w)) +
                " has no node. Place it on a node that holds every data it uses, or remove it "
                "from the model if it is not deployed.";
    out.push_back(std::move(f));
    return;
  }

  std::uint32_t distinct_nodes = 0;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (appears_before(placed, i)) continue;  // a node listed twice is one placement
    ++distinct_nodes;
    NodeIndex n = placed[i];
    for (std::size_t j = 0; j < workload.uses.size(); ++j) {
      if (appears_before(workload.uses, j)) continue;
      check_hosting(w, n, workload.uses[j], texts, out);
    }
    // The workload's tolerance first: most have none, and reading the node is a cache miss.
    if (!workload.max_staleness_h) continue;
    const Node& node = nodes_[n];
    if (detail::is_too_stale(node, workload)) {
      Finding f = finding(RuleId::edge_staleness);
      f.workload = w;
      f.node = n;
      std::string tolerance = format_number(*workload.max_staleness_h);
      f.message = "edge node " + quoted(model_.node_id(n)) + " is offline " +
                  format_number(node.mean_offline_h) + " h on average (mean_offline_h); workload " +
                  quoted(model_.workload_id(w)) + " tolerates " + tolerance +
                  " h (max_staleness_h). Place it on a node offline for at most " + tolerance +
                  " h on average, improve the edge's connectivity, or raise its max_staleness_h.";
      out.push_back(std::move(f));
    }
  }

  if (distinct_nodes < workload.replicas) {
    Finding f = finding(RuleId::availability_replicas);
    f.workload = w;
    std::uint32_t missing = workload.replicas - distinct_nodes;
    f.message = "workload " + quoted(model_.workload_id(w)) + " asks for " +
                std::to_string(workload.replicas) + " replicas but is placed on " +
                std::to_string(distinct_nodes) + (distinct_nodes == 1 ? " node (" : " nodes (") +
                node_list(placed) + "). Place " + std::to_string(missing) +
                (missing == 1 ? " more replica on a node of its own." : " more replicas, each on a node of its own.");
    out.push_back(std::move(f));
  }
  if (workload.min_zones > 1) check_zones(w, placed, out);
}

void Checker::check_zones(WorkloadIndex w, Span<NodeIndex> placed, std::vector<Finding>& out) const {
  const Workload& workload = workloads_[w];
  std::uint32_t zone_count = 0;
  for (std::size_t i = 0; i < placed.size() && zone_count < workload.min_zones; ++i) {
    ZoneIndex zone = zone_of_[placed[i]];
    bool seen = false;
    for (std::size_t k = 0; k < i && !seen; ++k) seen = zone_of_[placed[k]] == zone;
    if (!seen) ++zone_count;
  }
  if (zone_count >= workload.min_zones) return;

  std::vector<ZoneIndex> zones;
  for (NodeIndex n : placed) zones.push_back(zone_of_[n]);
  std::sort(zones.begin(), zones.end(), [&](ZoneIndex a, ZoneIndex b) {
    return model_.zone_names().name(a) < model_.zone_names().name(b);
  });
  zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
  std::string zone_text;
  for (ZoneIndex zone : zones) {
    if (!zone_text.empty()) zone_text += ", ";
    zone_text += quoted(model_.zone_names().name(zone));
  }
  Finding f = finding(RuleId::availability_zones);
  f.workload = w;
  f.message = "workload " + quoted(model_.workload_id(w)) + " needs " +
              std::to_string(workload.min_zones) + " zones (min_zones) but its replicas on " +
              node_list(placed) + " span " + std::to_string(zone_count) +
              (zone_count == 1 ? " zone (" : " zones (") + zone_text +
              "). Spread its replicas over nodes in at least " + std::to_string(workload.min_zones) +
              " distinct zones.";
  out.push_back(std::move(f));
}

void Checker::check_hosting(WorkloadIndex w, NodeIndex n, DataIndex d, DataTexts& texts,
                            std::vector<Finding>& out) const {
  if (!hosts_cleanly_.empty() && hosts_cleanly(n, d)) return;
  const Node& node = nodes_[n];
  const Data& data = data_[d];
  const std::uint8_t failures = detail::hosting_failures(scheme_, node, data);
  if (failures == 0) return;
  const bool impact_level_fails = failures & detail::hosting_impact_level;
  const bool at_rest_fails = failures & detail::hosting_at_rest;

  const std::string node_id = quoted(model_.node_id(n));
  const std::string workload_id = quoted(model_.workload_id(w));
  const std::string data_id = quoted(model_.data_id(d));
  const DataTexts::Texts& data_texts = texts.of(d);
  std::string used;  // "data `d` (SECRET//NOFORN) that workload `w` uses", made when a message needs it
  auto data_used = [&]() -> const std::string& {
    if (used.empty()) used = concat({"data ", data_id, " (", data_texts.marking, ") that workload ", workload_id, " uses"});
    return used;
  };
  if (failures & hold_level) {
    Finding f = placement_finding(RuleId::placement_level, w, n, d);
    const std::string& needed = scheme_.level_name(data.label.level);
    f.message = concat({"node ", node_id, " is accredited ", scheme_.level_name(node.accredited.level), ", below ",
                        data_used(), ". Move ", workload_id, " to a node accredited ", needed,
                        " or higher, or accredit ", node_id, " for ", needed, "."});
    out.push_back(std::move(f));
  }
  if (failures & hold_compartments) {
    Finding f = placement_finding(RuleId::placement_compartments, w, n, d);
    CompartmentSet missing = data.label.compartments.minus(node.accredited.compartments);
    const std::string missing_phrase = detail::compartments_phrase(missing, scheme_);
    f.message = concat({"node ", node_id, " is accredited ", model_.accreditation_of(n), ", without ", missing_phrase,
                        " of ", data_used(), ". Move ", workload_id, " to a node accredited for ",
                        format_compartments(data.label.compartments, scheme_), ", or accredit ", node_id, " for ",
                        missing_phrase, "."});
    out.push_back(std::move(f));
  }
  if (failures & hold_release) {
    Finding f = placement_finding(RuleId::placement_release, w, n, d);
    CountrySet outsiders = node.access.minus(data.label.releasable);
    const std::string outsiders_text = format_countries(outsiders);
    f.message = concat({"node ", node_id, " is reachable by ", outsiders_text, " personnel; data ", data_id, " is ",
                        data_texts.marking, ", releasable to ", data_texts.releasable, "; workload ", workload_id,
                        " uses it. Move ", workload_id,
                        " to a node reachable only by nationals the data is releasable to, remove ", outsiders_text,
                        " from ", node_id, "'s access, or have ", country_code(data.owner), " release ", data_id,
                        " to ", outsiders_text, "."});
    out.push_back(std::move(f));
  }
  if (failures & hold_residency) {
    Finding f = placement_finding(RuleId::placement_residency, w, n, d);
    const std::string allowed = format_countries(data.residency);
    f.message = concat({"node ", node_id, " is in ", country_code(node.jurisdiction), "; ", data_used(),
                        " must reside in ", allowed, ". Move ", workload_id, " to a node whose jurisdiction is ",
                        allowed, "."});
    out.push_back(std::move(f));
  }
  if (impact_level_fails) {
    Finding f = placement_finding(RuleId::placement_impact_level, w, n, d);
    const std::string& needed = scheme_.impact_levels()[data.impact_level].name;
    const bool has_none = node.impact_level == no_impact_level;
    f.message = concat({"node ", node_id, has_none ? " has no impact level" : " is ",
                        has_none ? std::string_view() : std::string_view(scheme_.impact_levels()[node.impact_level].name),
                        "; ", data_used(), " needs ", needed, " or higher. Move ", workload_id,
                        " to a node authorised at ", needed, " or higher, or have ", node_id, " authorised at ", needed,
                        "."});
    out.push_back(std::move(f));
  }
  if (at_rest_fails) {
    Finding f = placement_finding(RuleId::edge_at_rest, w, n, d);
    bool classified = scheme_.is_classified(data.label.level);
    f.message = concat({"edge node ", node_id, " has at-rest encryption ", to_string(node.at_rest), " and stores ",
                        data_used(), "; ", classified ? "classified" : "controlled", " data on an edge device needs ",
                        detail::at_rest_needed(scheme_, data.label.level), ". Encrypt ", node_id, "'s storage (",
                        classified ? "CSfC data-at-rest or NSA Type 1" : "at least FIPS-validated", "), or keep ",
                        workload_id, " off the edge."});
    out.push_back(std::move(f));
  }
}

void Checker::check_capacity(std::vector<Finding>& out) const {
  // Rows are the nodes with a capacity (the others are unlimited); columns the resources.
  std::vector<std::int32_t> row_of(nodes_.size(), -1);
  std::vector<NodeIndex> node_of_row;
  for (NodeIndex n = 0; n < nodes_.size(); ++n) {
    if (!nodes_[n].has_capacity) continue;
    row_of[n] = static_cast<std::int32_t>(node_of_row.size());
    node_of_row.push_back(n);
  }
  const auto rows = static_cast<Eigen::Index>(node_of_row.size());
  const auto columns = static_cast<Eigen::Index>(model_.resource_names().size());
  if (rows == 0 || columns == 0) return;

  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Matrix capacity = Matrix::Zero(rows, columns);  // a resource a node does not list is 0
  for (Eigen::Index row = 0; row < rows; ++row)
    for (const ResourceAmount& amount : nodes_[node_of_row[static_cast<std::size_t>(row)]].capacity)
      capacity(row, amount.resource) = amount.amount;

  Matrix demand = Matrix::Zero(rows, columns);
  std::vector<std::uint32_t> replicas(node_of_row.size(), 0);
  for (WorkloadIndex w = 0; w < workloads_.size(); ++w) {
    const Workload& workload = workloads_[w];
    for (NodeIndex n : placement_.nodes_of(w)) {  // once per listed replica (spec §4)
      std::int32_t row = row_of[n];
      if (row < 0) continue;
      ++replicas[static_cast<std::size_t>(row)];
      for (const ResourceAmount& amount : workload.resources) demand(row, amount.resource) += amount.amount;
    }
  }

  const Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> exceeded =
      demand.array() > capacity.array() * (1.0 + detail::capacity_slack);
  if (!exceeded.any()) return;
  for (Eigen::Index row = 0; row < rows; ++row) {
    for (Eigen::Index column = 0; column < columns; ++column) {
      if (!exceeded(row, column)) continue;
      NodeIndex n = node_of_row[static_cast<std::size_t>(row)];
      auto resource = static_cast<ResourceIndex>(column);
      double have = capacity(row, column);
      double need = demand(row, column);
      std::string node_id = quoted(model_.node_id(n));
      std::string resource_id = quoted(model_.resource_name(resource));
      bool listed = std::any_of(nodes_[n].capacity.begin(), nodes_[n].capacity.end(),
                                [&](const ResourceAmount& a) { return a.resource == resource; });
      std::uint32_t count = replicas[static_cast<std::size_t>(row)];
      Finding f = finding(RuleId::capacity_exceeded);
      f.node = n;
      f.resource = resource;
      f.message = "node " + node_id + " has " +
                  (listed ? format_number(have) + " of " + resource_id
                          : "no " + resource_id + " (its capacity does not list it)") +
                  "; the " + std::to_string(count) + (count == 1 ? " replica" : " replicas") +
                  " placed on it need " + format_number(need) + ". Move workloads off " + node_id +
                  ", add " + resource_id + " capacity, or lower their requests.";
      out.push_back(std::move(f));
    }
  }
}

void Checker::check_node_impact_levels(std::vector<Finding>& out) const {
  for (NodeIndex n = 0; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    if (node.impact_level == no_impact_level) continue;
    const ImpactLevel& impact = scheme_.impact_levels()[node.impact_level];
    if (node.accredited.level <= impact.highest) continue;
    Finding f = finding(RuleId::node_impact_level);
    f.node = n;
    std::string node_id = quoted(model_.node_id(n));
    const std::string& highest = scheme_.level_name(impact.highest);
    f.message = "node " + node_id + " is accredited " + model_.accreditation_of(n) + " but is " +
                impact.name + ", which allows at most " + highest + ". Lower " + node_id +
                "'s accreditation to " + highest +
                ", or authorise it at an impact level that covers its accreditation (above the "
                "impact levels, ICD 503 applies).";
    out.push_back(std::move(f));
  }
}

void Checker::check_links(std::vector<Finding>& out) const {
  const std::vector<Link>& links = model_.links();
  for (LinkIndex l = 0; l < links.size(); ++l) {
    const Link& link = links[l];
    if (!link.is_transport()) continue;
    const Node& from = nodes_[link.from];
    const Node& to = nodes_[link.to];
    std::string describe_link = std::string(to_string(link.kind)) + " link " + quoted(model_.link_id(l));
    auto endpoint = [&](NodeIndex n) { return quoted(model_.node_id(n)) + " (" + model_.accreditation_of(n) + ")"; };
    if (from.accredited.level != to.accredited.level ||
        from.accredited.compartments != to.accredited.compartments) {
      Finding f = finding(RuleId::link_boundary);
      f.link = l;
      f.message = describe_link + " joins " + endpoint(link.from) + " and " + endpoint(link.to) +
                  ", different security domains. Replace it with an accredited cross-domain "
                  "solution (a guard or a diode), or make both nodes' accreditations equal.";
      out.push_back(std::move(f));
    }
    Level lower = std::min(from.accredited.level, to.accredited.level);
    if (link.carrier < lower && !encryption_is_adequate(scheme_, link.encryption, lower)) {
      Finding f = finding(RuleId::link_transport);
      f.link = l;
      const std::string& level = scheme_.level_name(lower);
      bool classified = scheme_.is_classified(lower);
      f.message = describe_link + " between " + endpoint(link.from) + " and " + endpoint(link.to) +
                  " is carried at " + scheme_.level_name(link.carrier) + " with encryption " +
                  std::string(to_string(link.encryption)) + "; " + level +
                  " traffic on a lower carrier needs " +
                  detail::transport_needed(scheme_, lower) + ". Encrypt it (" +
                  (classified ? "NSA Type 1 or CSfC" : "FIPS-validated TLS or better") +
                  "), or carry it on a network accredited " + level + ".";
      out.push_back(std::move(f));
    }
  }
}

}  // namespace

namespace detail {

void check_some_workloads(const Model& model, const std::vector<WorkloadIndex>& workloads,
                          std::vector<Finding>& out) {
  check_some_workloads(model, model.placement(), workloads, out);
}

void check_some_workloads(const Model& model, const Placement& placement, const std::vector<WorkloadIndex>& workloads,
                          std::vector<Finding>& out) {
  const Checker checker(model, placement, workloads.size() * 8 > model.workloads().size());
  DataTexts texts(model);
  for (WorkloadIndex w : workloads) checker.check_workloads(w, w + 1, texts, out);
}

}  // namespace detail

namespace {

Report check_with(const Model& model, const CheckOptions& options, detail::FlowWitnesses* witnesses,
                  detail::KeptFlowGraphs* kept) {
  Report report;
  report.model = model.name();
  Checker checker(model);
  std::vector<Finding>& findings = report.findings;

  const auto workload_count = static_cast<WorkloadIndex>(model.workloads().size());
  // Threads pay off only for large estates; each takes a contiguous range of workloads
  // and the merged findings are sorted, so the report does not depend on `jobs`.
  constexpr WorkloadIndex min_workloads_per_job = 8192;
  const unsigned jobs = std::max(1u, std::min(detail::resolve_jobs(options.jobs), workload_count / min_workloads_per_job));
  const WorkloadIndex step = (workload_count + jobs - 1) / jobs;
  std::vector<std::vector<Finding>> parts(jobs);
  detail::run_tasks(jobs, jobs, [&](std::size_t job) {
    const WorkloadIndex begin = std::min<WorkloadIndex>(workload_count, static_cast<WorkloadIndex>(job) * step);
    DataTexts texts(model);
    checker.check_workloads(begin, std::min(workload_count, begin + step), texts, parts[job]);
  });
  for (auto& part : parts)
    findings.insert(findings.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  checker.check_capacity(findings);
  checker.check_node_impact_levels(findings);
  checker.check_links(findings);
  // The flow rules (flow.route, flow.bandwidth, flow.latency; flow.hpp) add theirs,
  // then everything is sorted once.
  FlowCheckOptions flow_options;
  flow_options.jobs = options.jobs;
  flow_options.max_label_states = options.max_label_states;
  if (witnesses != nullptr)
    detail::check_flows_keeping_witnesses(model, findings, flow_options, *witnesses, *kept);
  else
    check_flows(model, findings, flow_options);
  sort_findings(model, findings);
  if (options.waivers != nullptr) apply_waivers(report, model, options.waivers, options.waiver_options);
  keep_findings_at_or_above(report, options.min_severity);
  return report;
}

}  // namespace

Report check(const Model& model, const CheckOptions& options) { return check_with(model, options, nullptr, nullptr); }

Report detail::check_keeping_witnesses(const Model& model, const CheckOptions& options,
                                       FlowWitnesses& witnesses, KeptFlowGraphs& kept) {
  return check_with(model, options, &witnesses, &kept);
}

}  // namespace v1
}  // namespace clearance
