// Internal: what every report writer says about waivers (spec waivers-v1 §3), so that text,
// HTML, JUnit, SARIF and OSCAL word a waiver the same way. Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/waivers.hpp>

#include <string>

namespace clearance {
inline namespace v1 {
namespace detail {

// The waiver that waives `finding`; nullptr when none does.
inline const Waiver* waiver_of(const Report& report, const Finding& finding) {
  return report.waivers != nullptr && finding.waiver != no_key ? &(*report.waivers)[finding.waiver] : nullptr;
}

// The expired waiver `finding` names (it is not waived); nullptr when none.
inline const Waiver* expired_waiver_of(const Report& report, const Finding& finding) {
  return report.waivers != nullptr && finding.expired_waiver != no_key ? &(*report.waivers)[finding.expired_waiver]
                                                                       : nullptr;
}

// "waiver RA-1, approved by AO, until 2027-03-31, ticket POAM-118"
inline std::string waiver_line(const Waiver& waiver) {
  std::string text = "waiver " + waiver.id + ", approved by " + waiver.approved_by + ", until " +
                     waiver.expires.to_string();
  if (!waiver.ticket.empty()) text += ", ticket " + waiver.ticket;
  return text;
}

// What a waiver covers: "placement.release workload=w1 data=d7" (keys left at "*" are not
// named).
inline std::string waiver_scope(const Waiver& waiver, const Model& model) {
  static constexpr const char* names[waiver_key_count] = {"workload", "flow", "link", "node", "data", "resource"};
  std::string text = waiver.rule;
  for (std::size_t k = 0; k < waiver_key_count; ++k) {
    const std::uint32_t value = waiver.keys[k];
    if (value == any_value) continue;
    std::string_view id;
    switch (static_cast<WaiverKey>(k)) {
      case WaiverKey::workload: id = model.workload_id(value); break;
      case WaiverKey::flow: id = model.flow_id(value); break;
      case WaiverKey::link: id = model.link_id(value); break;
      case WaiverKey::node: id = model.node_id(value); break;
      case WaiverKey::data: id = model.data_id(value); break;
      case WaiverKey::resource: id = waiver.resource; break;
    }
    text.append(" ").append(names[k]).append("=").append(id);
  }
  return text;
}

// "RA-1 expired on 2026-01-31"
inline std::string expired_line(const Waiver& waiver) {
  return "waiver " + waiver.id + " expired on " + waiver.expires.to_string();
}

// How many days a waiver has left on the report's date ("today", "in 1 day", "in 12 days").
inline std::string days_left(const Report& report, const Waiver& waiver) {
  const auto days = static_cast<long long>(waiver.expires.days()) - report.today.days();
  if (days == 0) return "today";
  return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

}  // namespace detail
}  // namespace v1
}  // namespace clearance
