// Findings and the report that holds them: what every rule produces (the placement rules
// of check.hpp, the flow rules of flow.hpp, and the analyses built on them) and every
// report format reads. Below the rules, above the model.
#pragma once

#include <clearance/date.hpp>
#include <clearance/model.hpp>
#include <clearance/rules.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace clearance {
inline namespace v1 {

inline constexpr std::uint32_t no_key = std::numeric_limits<std::uint32_t>::max();

class Waivers;  // waivers.hpp

// One hop of a flow's witness route: the link crossed, the node reached and the label
// the data carries after the hop (canonical marking text).
struct Hop {
  LinkIndex link = no_key;  // no_key for the route's first node
  NodeIndex node = no_key;
  std::string label;
};

struct Finding {
  RuleId rule;
  Severity severity;
  // Indices into the model; no_key when the rule does not carry that key.
  std::uint32_t workload = no_key;
  std::uint32_t node = no_key;
  std::uint32_t data = no_key;
  std::uint32_t flow = no_key;
  std::uint32_t link = no_key;
  std::uint32_t resource = no_key;
  std::string message;     // names the conflicting facts and the remediation
  std::vector<Hop> path;   // flow findings: the witness route (may be empty)

  // Waivers (waivers.hpp, spec waivers-v1), set by apply_waivers(): indices into
  // Report::waivers, no_key when none. A waived finding is still a finding; it only stops
  // counting for the exit status.
  std::uint32_t waiver = no_key;          // the waiver that waives it
  std::uint32_t expired_waiver = no_key;  // not waived: the first expired waiver matching it
  bool is_waived() const { return waiver != no_key; }
};

struct Summary {
  std::size_t findings = 0;
  std::size_t critical = 0;
  std::size_t high = 0;
  std::size_t medium = 0;
  std::size_t low = 0;
  // Waivers: how many of the findings above are waived (they are counted there too).
  std::size_t waived = 0;
};

struct CLEARANCE_API Report {
  std::string model;               // the model's name
  std::vector<Finding> findings;   // severity (critical first), rule id, key values
  Summary summary() const;
  // True when some finding that is not waived is at `threshold` or above (the exit status
  // of `clearance check --fail-on`).
  bool has_findings_at_or_above(Severity threshold) const;

  // Waivers (waivers.hpp), set by apply_waivers(); all empty when no waivers were applied,
  // and reports then look exactly as they did before waivers existed.
  std::shared_ptr<const Waivers> waivers;      // the waivers applied; null: none given
  Date today;                                  // the date they were judged on
  std::vector<std::uint32_t> unused_waivers;   // indices of waivers matching no finding
  std::vector<std::uint32_t> expired_waivers;  // of waivers whose expiry is before today
  std::vector<std::uint32_t> expiring_waivers; // of waivers that hold but expire soon
};

// Leaves out the findings below `threshold`; the order of the others is kept. The waiver
// lists stay as they were (a waiver used by a finding left out is still used).
CLEARANCE_API void keep_findings_at_or_above(Report& report, Severity threshold);

// Sorts findings into the order of spec §5: severity (critical first), rule id, then the
// ids of the rule's keys by name.
CLEARANCE_API void sort_findings(const Model& model, std::vector<Finding>& findings);

}  // namespace v1
}  // namespace clearance
