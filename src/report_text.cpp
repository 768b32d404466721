// The report for people: what an accreditor reads in a terminal or a ticket.
#include <clearance/report.hpp>

#include "finding_keys.hpp"
#include "text.hpp"

#include <array>

namespace clearance {
inline namespace v1 {

namespace {

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

}  // namespace

std::string to_text(const Report& report, const Model& model, bool colour) {
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::string out;
  Summary summary = report.summary();
  if (summary.findings == 0) {
    out += "clearance: model `" + report.model + "`: no findings.\n";
    return out;
  }
  out += "clearance: model `" + report.model + "`\n";
  for (Severity severity : severities_high_first) {
    std::size_t count = 0;
    for (const Finding& finding : report.findings) count += finding.severity == severity;
    if (count == 0) continue;
    out += '\n';
    if (colour) out += severity_colour(severity);
    out += upper(to_string(severity)) + " (" + std::to_string(count) + ")";
    out += reset;
    out += '\n';
    for (const Finding& finding : report.findings) {
      if (finding.severity != severity) continue;
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
        out += std::string(key) + " " + detail::quoted(value);
      });
      out += "\n    " + finding.message + "\n";
      for (const Hop& hop : finding.path) {
        out += "      ";
        if (hop.link != no_key) out += "--" + std::string(model.link_id(hop.link)) + "--> ";
        if (hop.node != no_key) out += detail::quoted(model.node_id(hop.node));
        out += " (" + hop.label + ")\n";
      }
    }
  }
  out += "\n";
  out += plural(summary.findings, "finding") + ": " + std::to_string(summary.critical) + " critical, " +
         std::to_string(summary.high) + " high, " + std::to_string(summary.medium) + " medium, " +
         std::to_string(summary.low) + " low\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
