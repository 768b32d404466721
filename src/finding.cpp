// Findings and reports (finding.hpp): the summary and the order of spec §5, shared by
// every rule and analysis that makes findings.
#include <clearance/finding.hpp>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

Summary Report::summary() const {
  Summary summary;
  summary.findings = findings.size();
  for (const Finding& finding : findings) {
    switch (finding.severity) {
      case Severity::critical: ++summary.critical; break;
      case Severity::high: ++summary.high; break;
      case Severity::medium: ++summary.medium; break;
      case Severity::low: ++summary.low; break;
    }
    summary.waived += finding.is_waived();
  }
  return summary;
}

bool Report::has_findings_at_or_above(Severity threshold) const {
  for (const Finding& finding : findings)
    if (finding.severity >= threshold && !finding.is_waived()) return true;
  return false;
}

void keep_findings_at_or_above(Report& report, Severity threshold) {
  if (threshold == Severity::low) return;  // the lowest: every finding stays
  auto& findings = report.findings;
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& finding) { return finding.severity < threshold; }),
                 findings.end());
}

namespace {

// Ranks of the rule names, for ordering findings by rule id (spec §5).
const std::array<std::uint8_t, rule_count>& rule_name_ranks() {
  static const std::array<std::uint8_t, rule_count> ranks = [] {
    std::array<std::uint8_t, rule_count> order{};
    for (std::size_t i = 0; i < rule_count; ++i) order[i] = static_cast<std::uint8_t>(i);
    const auto& rules = rule_catalogue();
    std::sort(order.begin(), order.end(),
              [&](std::uint8_t a, std::uint8_t b) { return rules[a].name < rules[b].name; });
    std::array<std::uint8_t, rule_count> result{};
    for (std::size_t rank = 0; rank < rule_count; ++rank) result[order[rank]] = static_cast<std::uint8_t>(rank);
    return result;
  }();
  return ranks;
}

// Per index of `ids`, the rank of its name among those the findings' `key` names (from 1;
// 0 for no_key and for ids no finding names): the sort then compares integers, and each
// distinct id's text is compared only while ranking.
std::vector<std::uint32_t> name_ranks(const IdTable& ids, const std::vector<Finding>& findings,
                                      std::uint32_t Finding::*key) {
  std::vector<std::uint32_t> rank(ids.size(), 0);
  std::vector<std::uint32_t> named;
  for (const Finding& finding : findings) {
    const std::uint32_t index = finding.*key;
    if (index == no_key || rank[index] != 0) continue;
    rank[index] = 1;
    named.push_back(index);
  }
  // Sorted by their first eight bytes as one integer, and by the whole text only where
  // those agree: ids of a large estate ("w-123456") mostly differ there, and fetching
  // every compared id's text from the table missed the cache at every step.
  struct Named {
    std::uint64_t prefix;  // the first eight bytes, big-endian, zero-padded: orders as the text does
    std::uint32_t index;
  };
  std::vector<Named> order(named.size());
  for (std::size_t i = 0; i < named.size(); ++i) {
    const std::string_view name = ids.name(named[i]);
    std::uint64_t prefix = 0;
    for (std::size_t k = 0; k < 8; ++k)
      prefix = (prefix << 8) | (k < name.size() ? static_cast<unsigned char>(name[k]) : 0u);
    order[i] = Named{prefix, named[i]};
  }
  std::sort(order.begin(), order.end(), [&](const Named& a, const Named& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return ids.name(a.index) < ids.name(b.index);
  });
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r].index] = static_cast<std::uint32_t>(r + 1);
  return rank;
}

}  // namespace

void sort_findings(const Model& model, std::vector<Finding>& findings) {
  const auto& ranks = rule_name_ranks();
  // Every rule's keys appear in this order in spec §4 (workload, node, data; flow, node;
  // link; node, resource), so one comparison order serves them all; ids compare by name.
  struct Key {
    std::uint32_t Finding::*member;
    std::vector<std::uint32_t> rank;
  };
  const Key keys[] = {{&Finding::workload, name_ranks(model.workload_ids(), findings, &Finding::workload)},
                      {&Finding::flow, name_ranks(model.flow_ids(), findings, &Finding::flow)},
                      {&Finding::link, name_ranks(model.link_ids(), findings, &Finding::link)},
                      {&Finding::node, name_ranks(model.node_ids(), findings, &Finding::node)},
                      {&Finding::data, name_ranks(model.data_ids(), findings, &Finding::data)},
                      {&Finding::resource, name_ranks(model.resource_names(), findings, &Finding::resource)}};
  // Each finding's place as integers, sorted instead of the findings themselves: a
  // Finding is large (text and path), and moving it at every step of a sort of 200,000
  // findings cost more than sorting their keys and moving each once. The keys are small
  // integers (severity, rule rank, then the ids' ranks), so a stable counting pass per key,
  // the last key first, sorts in linear time; keys that every finding shares are skipped.
  // Ties keep the findings' order, as the comparison sort did with the index.
  constexpr std::size_t key_count = 8;
  struct Place {
    std::array<std::uint32_t, key_count> key;  // severity (descending), rule rank, then the ids' ranks
    std::uint32_t index;
  };
  std::vector<Place> places(findings.size());
  std::array<std::uint32_t, key_count> low, high;
  low.fill(0xFFFFFFFFu);
  high.fill(0);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    Place& place = places[i];
    place.key[0] = static_cast<std::uint32_t>(Severity::critical) - static_cast<std::uint32_t>(finding.severity);
    place.key[1] = ranks[static_cast<std::size_t>(finding.rule)];
    for (std::size_t k = 0; k < 6; ++k) {
      const std::uint32_t index = finding.*(keys[k].member);
      place.key[k + 2] = index == no_key ? 0 : keys[k].rank[index];
    }
    for (std::size_t k = 0; k < key_count; ++k) {
      low[k] = std::min(low[k], place.key[k]);
      high[k] = std::max(high[k], place.key[k]);
    }
    place.index = static_cast<std::uint32_t>(i);
  }
  std::vector<Place> scratch(places.size());
  std::vector<std::uint32_t> start;
  for (std::size_t k = key_count; k-- > 0;) {
    if (places.empty() || low[k] == high[k]) continue;
    start.assign(std::size_t(high[k] - low[k]) + 2, 0);
    for (const Place& place : places) ++start[place.key[k] - low[k] + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    for (const Place& place : places) scratch[start[place.key[k] - low[k]]++] = place;
    places.swap(scratch);
  }
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (const Place& place : places) sorted.push_back(std::move(findings[place.index]));
  findings = std::move(sorted);
}

}  // namespace v1
}  // namespace clearance
