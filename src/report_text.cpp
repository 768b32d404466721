// The report for people: what an accreditor reads in a terminal or a ticket.
#include <clearance/report.hpp>
#include <clearance/terminal_text.hpp>

#include "finding_keys.hpp"
#include "text.hpp"
#include "report_waivers.hpp"

#include <array>
#include <ostream>

namespace clearance {
inline namespace v1 {

namespace {

using detail::Output;

constexpr std::array<Severity, 4> severities_high_first = {Severity::critical, Severity::high,
                                                           Severity::medium, Severity::low};

const char* severity_colour(Severity severity) {
  switch (severity) {
    case Severity::critical: return "\033[1;31m";
    case Severity::high: return "\033[31m";
    case Severity::medium: return "\033[33m";
    case Severity::low: return "\033[36m";
  }
  return "";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string plural(std::size_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string summary_line(const Summary& summary) {
  return plural(summary.findings, "finding") + ": " + std::to_string(summary.critical) + " critical, " +
         std::to_string(summary.high) + " high, " + std::to_string(summary.medium) + " medium, " +
         std::to_string(summary.low) + " low";
}

// One finding: rule, controls, keys, message and route, indented under its group.
void append_finding(Output& out, const Finding& finding, const Model& model, const char* bold,
                    const char* reset) {
  const RuleInfo& rule = rule_info(finding.rule);
  out += "  ";
  out += bold;
  out += rule.name;
  out += reset;
  out += " [";
  for (std::size_t c = 0; c < rule.controls.size(); ++c) {
    if (c > 0) out += ", ";
    out += rule.controls[c];
  }
  out += "] ";
  bool first = true;
  detail::for_each_key(finding, model, [&](std::string_view key, std::string_view value) {
    if (!first) out += ", ";
    first = false;
    out += key;
    out += " `";  // detail::quoted, streamed
    detail::append_terminal_safe(out, value);
    out += '`';
  });
  out += "\n    ";
  detail::append_terminal_safe(out, finding.message);
  out += '\n';
  for (const Hop& hop : finding.path) {
    out += "      ";
    if (hop.link != no_key) {
      out += "--";
      detail::append_terminal_safe(out, model.link_id(hop.link));
      out += "--> ";
    }
    if (hop.node != no_key) {
      out += '`';
      detail::append_terminal_safe(out, model.node_id(hop.node));
      out += '`';
    }
    out += " (";
    detail::append_terminal_safe(out, hop.label);
    out += ")\n";
  }
}

// Spec waivers-v1 §3: waived findings apart, with the waiver's id, approver and expiry.
void append_waived(Output& out, const Report& report, const Model& model, bool colour, const char* bold,
                   const char* reset) {
  std::size_t waived = 0;
  for (const Finding& finding : report.findings) waived += finding.is_waived();
  if (waived == 0) return;
  out += '\n';
  if (colour) out += "\033[32m";
  out += "WAIVED (" + std::to_string(waived) + ")";
  out += reset;
  out += '\n';
  for (const Finding& finding : report.findings) {
    const Waiver* waiver = detail::waiver_of(report, finding);
    if (waiver == nullptr) continue;
    append_finding(out, finding, model, bold, reset);
    out += "    waived (" + std::string(to_string(finding.severity)) + ") by " + terminal_safe(detail::waiver_line(*waiver)) + ": " +
           terminal_safe(waiver->justification) + "\n";
  }
}

void append_waiver_warnings(Output& out, const Report& report, const Model& model, bool colour,
                            const char* reset) {
  const std::vector<std::string> warnings = waiver_warnings(report, model);
  if (!warnings.empty()) out += '\n';
  for (const std::string& warning : warnings) {
    if (colour) out += "\033[33m";
    out += "warning:";
    out += reset;
    out += " " + terminal_safe(warning) + "\n";
  }
}

void write_report(Output& out, const Report& report, const Model& model, bool colour) {
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  Summary summary = report.summary();
  if (summary.findings == 0) {
    out += "clearance: model `" + terminal_safe(report.model) + "`: no findings.\n";
    if (report.waivers != nullptr) append_waiver_warnings(out, report, model, colour, reset);
    return;
  }
  out += "clearance: model `" + terminal_safe(report.model) + "`\n";
  for (Severity severity : severities_high_first) {
    std::size_t count = 0;
    for (const Finding& finding : report.findings) count += finding.severity == severity && !finding.is_waived();
    if (count == 0) continue;
    out += '\n';
    if (colour) out += severity_colour(severity);
    out += upper(to_string(severity)) + " (" + std::to_string(count) + ")";
    out += reset;
    out += '\n';
    for (const Finding& finding : report.findings) {
      if (finding.severity != severity || finding.is_waived()) continue;
      append_finding(out, finding, model, bold, reset);
      if (const Waiver* expired = detail::expired_waiver_of(report, finding))
        out += "    not waived: " + terminal_safe(detail::expired_line(*expired)) + "\n";
    }
  }
  if (report.waivers == nullptr) {
    out += "\n" + summary_line(summary) + "\n";
    return;
  }
  append_waived(out, report, model, colour, bold, reset);
  out += "\n" + summary_line(summary) + "; " + std::to_string(summary.waived) + " waived\n";
  append_waiver_warnings(out, report, model, colour, reset);
}

}  // namespace

std::string to_text(const Report& report, const Model& model, bool colour) {
  std::string out;
  {
    Output output(out);
    write_report(output, report, model, colour);
  }
  return out;
}

void write_text(std::ostream& out, const Report& report, const Model& model, bool colour) {
  Output output(out);
  write_report(output, report, model, colour);
}

std::vector<std::string> waiver_warnings(const Report& report, const Model& model) {
  std::vector<std::string> warnings;
  if (report.waivers == nullptr) return warnings;
  const Waivers& waivers = *report.waivers;
  for (std::uint32_t w : report.unused_waivers)
    warnings.push_back("waiver " + waivers[w].id + " (" + detail::waiver_scope(waivers[w], model) +
                       ") matches no finding; remove it");
  for (std::uint32_t w : report.expired_waivers)
    warnings.push_back(detail::expired_line(waivers[w]) + " (" + detail::waiver_scope(waivers[w], model) + ")");
  for (std::uint32_t w : report.expiring_waivers)
    warnings.push_back("waiver " + waivers[w].id + " (" + detail::waiver_scope(waivers[w], model) + ") expires " +
                       detail::days_left(report, waivers[w]) + ", on " + waivers[w].expires.to_string());
  return warnings;
}

}  // namespace v1
}  // namespace clearance
