// Waivers (spec waivers-v1): an authorizing official accepts a finding for a time, with a
// reason. A waiver never changes what a finding is, only whether it counts for the exit
// status. Load a waivers file against the model it speaks of, then apply it to a Report
// that any command made from that model (check, and whatever else reports findings).
#pragma once

#include <clearance/finding.hpp>
#include <clearance/date.hpp>
#include <clearance/model.hpp>
#include <clearance/rules.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {

// The key fields a waiver may narrow, in spec §4's key order.
enum class WaiverKey : std::uint8_t { workload, flow, link, node, data, resource };
inline constexpr std::size_t waiver_key_count = 6;

// A key field that is absent or "*": any value, or none.
inline constexpr std::uint32_t any_value = no_key;
// A `resource` the model does not name (allowed by spec §2: a resource is any string): it
// matches no finding.
inline constexpr std::uint32_t unknown_resource = no_key - 1;

struct Waiver {
  std::string id;
  std::string rule;            // as written: "placement.release" or a prefix "flow.*"
  std::uint32_t rules = 0;     // bit i set: the rule with RuleId i is matched by `rule`
  // Per WaiverKey: the model index the finding's key must have, or any_value.
  std::array<std::uint32_t, waiver_key_count> keys{any_value, any_value, any_value,
                                                   any_value, any_value, any_value};
  std::string resource;        // the resource as written; "" when any
  std::string justification;
  std::string approved_by;
  Date expires;                // holds through this day (UTC)
  std::string ticket;          // "" when not given

  bool covers(RuleId rule_id) const { return (rules >> static_cast<unsigned>(rule_id)) & 1u; }
  // True on `today` and every day before the expiry.
  bool holds_on(Date today) const { return today <= expires; }
  // True when the waiver matches the finding (spec waivers-v1 §2), whatever its expiry.
  bool matches(const Finding& finding) const;
};

// Which waivers match one finding.
struct WaiverMatch {
  std::uint32_t waiver = no_key;   // the first matching waiver that holds on the date
  std::uint32_t expired = no_key;  // when none holds: the first matching one (expired)
};

// A waivers file resolved against one model: the key fields are model indices, and the
// waivers are indexed by rule and key so that matching a finding costs a few integer
// compares, however many waivers there are. Immutable; share it between reports.
class CLEARANCE_API Waivers {
 public:
  Waivers() = default;

  const std::vector<Waiver>& all() const { return waivers_; }
  std::size_t size() const { return waivers_.size(); }
  const Waiver& operator[](std::size_t index) const { return waivers_[index]; }
  // The file it was read from ("" when it came from text without a name).
  const std::string& file() const { return file_; }

  // The first waiver (in file order) that matches `finding` and holds on `today`, and
  // when there is none the first that matches but has expired. The finding must come from
  // a check of the model the waivers were loaded for.
  WaiverMatch match(const Finding& finding, Date today) const;

 private:
  friend struct WaiversAccess;
  // The waivers that may match a finding of one rule. A waiver is filed under the first
  // key (in WaiverKey order) it names a value for, so a finding looks up each of its keys
  // once and meets each candidate at most once; waivers naming no key are `unkeyed`.
  struct Keyed {
    std::uint64_t key_value;  // (WaiverKey << 32) | model index
    std::uint32_t waiver;
  };
  struct RuleIndex {
    std::vector<Keyed> keyed;            // sorted by (key_value, waiver)
    std::vector<std::uint32_t> unkeyed;  // in file order
  };
  std::string file_;
  std::vector<Waiver> waivers_;
  std::array<RuleIndex, rule_count> index_;
  // The sizes of the model's collections, to refuse applying to another model's report.
  std::array<std::uint32_t, waiver_key_count> model_sizes_{};
};

// Loads a waivers file (spec waivers-v1 §1) for `model`, as strictly as a model file:
// unknown keys (with the nearest known one), duplicate ids, an unknown rule id (with the
// nearest one), a prefix that matches no rule, a key field that no rule it names has, an
// id the model does not have (with the nearest one), an empty justification or approver
// and a date that is not a real YYYY-MM-DD are input errors. Throws input_error listing
// every problem (file, JSON pointer, line:column), or error (ErrorKind::io) when the file
// cannot be read.
CLEARANCE_API Waivers load_waivers(const std::string& path, const Model& model);
// The same from JSON text; `file_name` is used in diagnostics.
CLEARANCE_API Waivers load_waivers_json(std::string_view json, const Model& model,
                                        const std::string& file_name = {});

struct WaiverOptions {
  Date today = Date::today_utc();  // the check's date: a waiver holds through its expiry
  // A waiver that holds but expires within this many days (today + days >= expiry) is
  // listed in Report::expiring_waivers, a warning in text and HTML; negative: none.
  int warn_expiring_days = 30;
};

// Marks which findings of `report` are waived (Finding::waiver) or only matched by expired
// waivers (Finding::expired_waiver), and fills the report's waiver fields (which waivers
// are unused, expired, expiring), replacing what an earlier call set; null `waivers`
// clears them. `report` must be a report of `model`, and `waivers` loaded for it: error
// (ErrorKind::usage) when the model's sizes differ from the waivers' or a finding's index
// is out of range. Strong guarantee. Costs one index lookup per finding key.
CLEARANCE_API void apply_waivers(Report& report, const Model& model, std::shared_ptr<const Waivers> waivers,
                                 const WaiverOptions& options = {});

// What an assessor should hear about the waivers applied to `report`, one line each: the
// unused waivers, the expired ones, those expiring soon (in that order, each in file
// order). The text report prints them as warnings; tools print them for other formats.
CLEARANCE_API std::vector<std::string> waiver_warnings(const Report& report, const Model& model);

// ---- implementation ------------------------------------------------------------------

// The index keys of a finding, per WaiverKey.
inline std::array<std::uint32_t, waiver_key_count> finding_key_values(const Finding& finding) {
  return {finding.workload, finding.flow, finding.link, finding.node, finding.data, finding.resource};
}

inline bool Waiver::matches(const Finding& finding) const {
  if (!covers(finding.rule)) return false;
  const auto values = finding_key_values(finding);
  for (std::size_t k = 0; k < waiver_key_count; ++k)
    if (keys[k] != any_value && keys[k] != values[k]) return false;
  return true;
}

}  // namespace v1
}  // namespace clearance
