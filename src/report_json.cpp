// Spec §5's JSON report. Written by hand, not through a JSON library, so that the bytes
// are fixed: key order, spacing and number forms are part of what golden files compare.
// Streamed through detail::Output: the keys and punctuation are constants, ids and
// messages are copied in runs (text.hpp), so the cost is close to that of the copy.
#include <clearance/report.hpp>

#include "finding_keys.hpp"
#include "report_common.hpp"
#include "text.hpp"
#include "report_waivers.hpp"

#include <charconv>
#include <ostream>

namespace clearance {
inline namespace v1 {

namespace {

using detail::Output;

// `key` is one of this file's own names (and finding_keys.hpp's), letters and underscores
// that JSON takes as they are: copied, not escaped, which halves the strings a report scans.
void append_member(Output& out, std::string_view key, std::string_view value) {
  out += '"';
  out += key;
  out += "\": \"";
  detail::append_json_escaped(out, value);
  out += '"';
}

void append_number(Output& out, std::size_t number) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, static_cast<std::size_t>(result.ptr - digits));
}

void append_path(Output& out, const Finding& finding, const Model& model) {
  out += ",\n      \"path\": [";
  for (std::size_t i = 0; i < finding.path.size(); ++i) {
    const Hop& hop = finding.path[i];
    out += i == 0 ? "\n        {" : ",\n        {";
    bool first = true;
    auto member = [&](std::string_view key, std::string_view value) {
      if (!first) out += ", ";
      first = false;
      append_member(out, key, value);
    };
    if (hop.link != no_key) member("link", model.link_id(hop.link));
    if (hop.node != no_key) member("node", model.node_id(hop.node));
    member("label", hop.label);
    out += '}';
  }
  out += finding.path.empty() ? "]" : "\n      ]";
}

// Spec waivers-v1 §3: "waived" with the waiver that holds, or the expired waiver's id.
void append_waiver(Output& out, const Report& report, const Finding& finding) {
  if (const Waiver* waiver = detail::waiver_of(report, finding)) {
    out += ",\n      \"waived\": {";
    append_member(out, "id", waiver->id);
    out += ", ";
    append_member(out, "expires", waiver->expires.to_string());
    out += ", ";
    append_member(out, "justification", waiver->justification);
    out += ", ";
    append_member(out, "approved_by", waiver->approved_by);
    out += '}';
  } else if (const Waiver* expired = detail::expired_waiver_of(report, finding)) {
    out += ",\n      ";
    append_member(out, "waiver_expired", expired->id);
  }
}

void append_finding(Output& out, const Report& report, const Finding& finding, const Model& model) {
  const RuleInfo& rule = rule_info(finding.rule);
  out += "{\n      ";
  append_member(out, "rule", rule.name);
  out += ",\n      ";
  append_member(out, "severity", to_string(finding.severity));
  out += ",\n      \"controls\": [";
  for (std::size_t c = 0; c < rule.controls.size(); ++c) {
    if (c > 0) out += ", ";
    detail::append_json_string(out, rule.controls[c]);
  }
  out += ']';
  detail::for_each_key(finding, model, [&](std::string_view key, std::string_view value) {
    out += ",\n      ";
    append_member(out, key, value);
  });
  out += ",\n      ";
  append_member(out, "message", finding.message);
  if (detail::is_flow_rule(finding.rule)) append_path(out, finding, model);
  append_waiver(out, report, finding);
  out += "\n    }";
}

void write_report(Output& out, const Report& report, const Model& model) {
  out += "{\n  \"clearance\": 1,\n  ";
  append_member(out, "model", report.model);
  out += ",\n  \"findings\": [";
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    append_finding(out, report, report.findings[i], model);
  }
  out += report.findings.empty() ? "],\n" : "\n  ],\n";
  Summary summary = report.summary();
  out += "  \"summary\": {\"findings\": ";
  append_number(out, summary.findings);
  out += ", \"critical\": ";
  append_number(out, summary.critical);
  out += ", \"high\": ";
  append_number(out, summary.high);
  out += ", \"medium\": ";
  append_number(out, summary.medium);
  out += ", \"low\": ";
  append_number(out, summary.low);
  if (report.waivers == nullptr) {
    out += "}\n}\n";
    return;
  }
  // Waivers (spec waivers-v1 §3): the waived count, and the waivers matching no finding.
  out += ", \"waived\": ";
  append_number(out, summary.waived);
  out += "},\n  \"unused_waivers\": [";
  for (std::size_t i = 0; i < report.unused_waivers.size(); ++i) {
    if (i > 0) out += ", ";
    detail::append_json_string(out, (*report.waivers)[report.unused_waivers[i]].id);
  }
  out += "]\n}\n";
}

}  // namespace

void detail::append_finding_json(std::string& out, const Report& report, const Finding& finding, const Model& model) {
  Output output(out);
  append_finding(output, report, finding, model);
}

std::string to_json(const Report& report, const Model& model) {
  std::string out;
  out.reserve(256 + report.findings.size() * 400);
  {
    Output output(out);
    write_report(output, report, model);
  }
  return out;
}

void write_json(std::ostream& out, const Report& report, const Model& model) {
  Output output(out);
  write_report(output, report, model);
}

}  // namespace v1
}  // namespace clearance
