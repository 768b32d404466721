// What-if (spec resilience-v1 §1–2): elements, the model with some of them down, and the
// difference its check makes. Every verdict is check()'s, run on the model with the
// elements removed; this file only removes them and compares findings by rule and keys.
#include <clearance/whatif.hpp>
#include <clearance/terminal_text.hpp>

#include <clearance/error.hpp>
#include <clearance/waivers.hpp>

#include "report_common.hpp"
#include "text.hpp"
#include "whatif_down.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_set>

namespace clearance {
inline namespace v1 {

// Friend of Model: replaces the links of a copy (whatif_down.hpp).
struct DownAccess {
  static void set_links(Model& model, std::vector<Link> links, IdTable ids) {
    model.links_ = std::move(links);
    model.link_ids_ = std::move(ids);
  }
};

void Elements::add(Element element) {
  std::vector<std::uint32_t>& list = element.kind == ElementKind::node ? nodes : links;
  auto it = std::lower_bound(list.begin(), list.end(), element.index);
  if (it == list.end() || *it != element.index) list.insert(it, element.index);
}

std::string element_name(const Model& model, Element element) {
  return element.kind == ElementKind::node ? "node:" + std::string(model.node_id(element.index))
                                           : "link:" + std::string(model.link_id(element.index));
}

namespace {

input_error element_error(std::string message) {
  return input_error({Diagnostic{{}, {}, 0, 0, std::move(message)}});
}

Element parse_element(const Model& model, std::string_view name) {
  const bool is_node = name.substr(0, 5) == "node:";
  const bool is_link = name.substr(0, 5) == "link:";
  if (!is_node && !is_link)
    throw element_error("element " + detail::quoted(name) + ": expected node:ID or link:ID");
  const std::string_view id = name.substr(5);
  const IdTable& ids = is_node ? model.node_ids() : model.link_ids();
  if (auto index = ids.find(id)) return Element{is_node ? ElementKind::node : ElementKind::link, *index};
  std::string message = "unknown element " + detail::quoted(name) + ": the model has no " +
                        (is_node ? "node " : "link ") + detail::quoted(id);
  if (auto near = nearest_name(id, ids))
    message += "; did you mean " + detail::quoted((is_node ? "node:" : "link:") + *near) + "?";
  throw element_error(std::move(message));
}

}  // namespace

Elements parse_elements(const Model& model, const std::vector<std::string>& names) {
  Elements elements;
  for (const std::string& name : names) elements.add(parse_element(model, name));
  return elements;
}

Elements parse_element_list(const Model& model, std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = list.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) throw element_error("an empty element in " + detail::quoted(list) + ": expected node:ID or link:ID");
    names.emplace_back(name);
    start = comma + 1;
  }
  return parse_elements(model, names);
}

void sort_elements(const Model& model, std::vector<Element>& elements) {
  std::sort(elements.begin(), elements.end(), [&](const Element& x, const Element& y) {
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.index == y.index) return false;
    return x.kind == ElementKind::node ? model.node_id(x.index) < model.node_id(y.index)
                                       : model.link_id(x.index) < model.link_id(y.index);
  });
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
}

std::vector<std::string> element_names(const Model& model, const Elements& elements) {
  std::vector<Element> list;
  for (LinkIndex l : elements.links) list.push_back(Element{ElementKind::link, l});
  for (NodeIndex n : elements.nodes) list.push_back(Element{ElementKind::node, n});
  sort_elements(model, list);
  std::vector<std::string> names;
  names.reserve(list.size());
  for (const Element& element : list) names.push_back(element_name(model, element));
  return names;
}

namespace detail {

std::vector<std::uint32_t> findings_missing_from(const Report& from, const Report& in) {
  std::unordered_set<IdentityKey, IdentityHash> keys;
  keys.reserve(in.findings.size() * 2);
  for (const Finding& finding : in.findings) keys.insert(key_of(finding));
  std::vector<std::uint32_t> result;
  for (std::size_t i = 0; i < from.findings.size(); ++i)
    if (keys.count(key_of(from.findings[i])) == 0) result.push_back(static_cast<std::uint32_t>(i));
  return result;
}

Placement placement_without(const Placement& placement, const std::vector<unsigned char>& node_down) {
  std::vector<std::uint32_t> offsets;
  std::vector<NodeIndex> nodes;
  offsets.reserve(placement.workload_count() + 1);
  nodes.reserve(placement.replica_count());
  offsets.push_back(0);
  for (WorkloadIndex w = 0; w < placement.workload_count(); ++w) {
    for (NodeIndex n : placement.nodes_of(w))
      if (!node_down[n]) nodes.push_back(n);
    offsets.push_back(static_cast<std::uint32_t>(nodes.size()));
  }
  return Placement(std::move(offsets), std::move(nodes));
}

DownModel::DownModel(const Model& original)
    : original_(&original), model_(original), node_down_(original.nodes().size(), 0) {
  original_link_.resize(original.links().size());
  for (LinkIndex l = 0; l < original_link_.size(); ++l) original_link_[l] = l;
}

void DownModel::take_down(const Elements& down) {
  if (taken_ && down.nodes == down_.nodes && down.links == down_.links) return;
  taken_ = false;  // until the copy matches `down` again
  const Model& original = *original_;
  std::fill(node_down_.begin(), node_down_.end(), 0);
  for (NodeIndex n : down.nodes) node_down_[n] = 1;
  std::vector<Link> links;
  IdTable ids;
  original_link_.clear();
  links.reserve(original.links().size());
  for (LinkIndex l = 0; l < original.links().size(); ++l) {
    const Link& link = original.links()[l];
    if (std::binary_search(down.links.begin(), down.links.end(), l)) continue;
    if (node_down_[link.from] || node_down_[link.to]) continue;
    links.push_back(link);
    ids.intern(original.link_id(l));
    original_link_.push_back(l);
  }
  DownAccess::set_links(model_, std::move(links), std::move(ids));
  // The placement without the down nodes.
  model_.set_placement(placement_without(original.placement(), node_down_));
  down_ = down;
  taken_ = true;
}

bool DownModel::map_back(Finding& finding) const {
  if (finding.node != no_key && node_down_[finding.node]) return false;
  if (finding.link != no_key) finding.link = original_link_[finding.link];
  for (Hop& hop : finding.path)
    if (hop.link != no_key) hop.link = original_link_[hop.link];
  return true;
}

}  // namespace detail

Report check_down(const Model& model, const Elements& down, const CheckOptions& options) {
  for (NodeIndex n : down.nodes)
    if (n >= model.nodes().size()) throw error(ErrorKind::usage, "check_down: a node index out of range");
  for (LinkIndex l : down.links)
    if (l >= model.links().size()) throw error(ErrorKind::usage, "check_down: a link index out of range");
  if (down.empty()) return check(model, options);
  detail::DownModel down_model(model);
  down_model.take_down(down);
  // The rules run on the model with the elements down; waivers and min_severity are applied
  // once the findings name the whole model's elements again.
  CheckOptions rules_only;
  rules_only.jobs = options.jobs;
  Report report = check(down_model.model(), rules_only);
  std::vector<Finding> kept;
  kept.reserve(report.findings.size());
  for (Finding& finding : report.findings)
    if (down_model.map_back(finding)) kept.push_back(std::move(finding));
  report.findings = std::move(kept);
  report.model = model.name();
  // The order of spec §5 names links by id, which the removal did not change, so the
  // findings are still in order; sorting again keeps that true whatever check() does.
  sort_findings(model, report.findings);
  if (options.waivers != nullptr) apply_waivers(report, model, options.waivers, options.waiver_options);
  keep_findings_at_or_above(report, options.min_severity);
  return report;
}

bool WhatIf::has_added_findings() const {
  for (std::uint32_t i : added)
    if (!with_down.findings[i].is_waived()) return true;
  return false;
}

std::string to_json(const WhatIf& whatif, const Model& model) {
  std::string out = "{\n  \"clearance\": 1,\n  \"model\": ";
  detail::append_json_string(out, model.name());
  out += ",\n  \"down\": [";
  const std::vector<std::string> names = element_names(model, whatif.down);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    detail::append_json_string(out, names[i]);
  }
  out += "]";
  auto list = [&](const char* key, const Report& report, const std::vector<std::uint32_t>& indices) {
    out += ",\n  \"";
    out += key;
    out += "\": [";
    for (std::size_t i = 0; i < indices.size(); ++i) {
      out += i == 0 ? "\n    " : ",\n    ";
      detail::append_finding_json(out, report, report.findings[indices[i]], model);
    }
    out += indices.empty() ? "]" : "\n  ]";
  };
  list("added", whatif.with_down, whatif.added);
  list("resolved", whatif.whole, whatif.resolved);
  out += ",\n  \"summary\": {\"added\": " + std::to_string(whatif.added.size()) +
         ", \"resolved\": " + std::to_string(whatif.resolved.size()) + "}\n}\n";
  return out;
}

namespace {

// The findings of `indices`, grouped by rule (rules in the order they first appear, which
// is spec §5's), each group in report order.
void append_grouped(std::string& out, const Report& report, const std::vector<std::uint32_t>& indices,
                    const Model& model) {
  std::vector<RuleId> rules;
  for (std::uint32_t i : indices)
    if (std::find(rules.begin(), rules.end(), report.findings[i].rule) == rules.end())
      rules.push_back(report.findings[i].rule);
  for (RuleId rule : rules) {
    std::size_t count = 0;
    for (std::uint32_t i : indices) count += report.findings[i].rule == rule;
    out += "  " + std::string(rule_info(rule).name) + " (" + std::to_string(count) + ")\n";
    for (std::uint32_t i : indices) {
      const Finding& finding = report.findings[i];
      if (finding.rule != rule) continue;
      out += "    " + std::string(to_string(finding.severity)) + "  " + terminal_safe(detail::key_text(finding, model));
      if (finding.is_waived()) out += "  [waived]";
      out += "\n      " + terminal_safe(finding.message) + "\n";
    }
  }
}

}  // namespace

std::string to_text(const WhatIf& whatif, const Model& model) {
  std::string out = "what if ";
  const std::vector<std::string> names = element_names(model, whatif.down);
  if (names.empty()) out += "nothing";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i > 0 ? ", " : "") + terminal_safe(names[i]);
  out += names.size() == 1 ? " is down" : " are down";
  out += " in model " + detail::quoted(model.name()) + "\n";
  out += "before: " + std::to_string(whatif.whole.findings.size()) + " findings; after: " +
         std::to_string(whatif.with_down.findings.size()) + " findings (" + std::to_string(whatif.added.size()) +
         " added, " + std::to_string(whatif.resolved.size()) + " resolved)\n";
  out += "\nadded (" + std::to_string(whatif.added.size()) + "):\n";
  if (whatif.added.empty()) out += "  none\n";
  append_grouped(out, whatif.with_down, whatif.added, model);
  out += "\nresolved (" + std::to_string(whatif.resolved.size()) + "):\n";
  if (whatif.resolved.empty()) out += "  none\n";
  append_grouped(out, whatif.whole, whatif.resolved, model);
  return out;
}

}  // namespace v1
}  // namespace clearance
