// The estate as a Graphviz diagram for accreditors: who is where (jurisdiction clusters),
// at what level (US classification banner colours), joined how (links by kind, carrier and
// encryption), running what (placed workloads), and where the findings are (red outlines).
// SVG comes from running Graphviz's `dot` as a child process, through pipes.
#include <clearance/error.hpp>
#include <clearance/report_formats.hpp>

#include "report_common.hpp"
#include "subprocess.hpp"
#include "text.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>

namespace clearance {
inline namespace v1 {

namespace {

struct Banner {
  std::string_view fill;
  std::string_view font;
};

constexpr Banner unclassified{"#007A33", "#FFFFFF"};
constexpr Banner cui{"#502B85", "#FFFFFF"};
constexpr Banner confidential{"#0033A0", "#FFFFFF"};
constexpr Banner secret{"#C8102E", "#FFFFFF"};
constexpr Banner top_secret{"#FF8C00", "#000000"};
constexpr Banner top_secret_sci{"#FCE83A", "#000000"};

// The banner colour of a level: by its US name when it has one, else by rank (below the
// controlled threshold green, controlled purple, then from the top of the scheme down
// orange, red, blue). Compartments on the top level make it yellow (TS/SCI).
Banner banner(const Scheme& scheme, Level level, bool has_compartments) {
  const std::string& name = scheme.level_name(level);
  Banner colour = unclassified;
  if (name == "UNCLASSIFIED")
    colour = unclassified;
  else if (name == "CUI")
    colour = cui;
  else if (name == "CONFIDENTIAL")
    colour = confidential;
  else if (name == "SECRET")
    colour = secret;
  else if (name == "TOP SECRET")
    colour = top_secret;
  else if (!scheme.is_controlled(level))
    colour = unclassified;
  else if (!scheme.is_classified(level))
    colour = cui;
  else {
    std::size_t from_top = scheme.level_count() - 1 - level;
    colour = from_top == 0 ? top_secret : from_top == 1 ? secret : confidential;
  }
  if (colour.fill == top_secret.fill && has_compartments) colour = top_secret_sci;
  return colour;
}

// A DOT double-quoted string. Graphviz copies its characters into the SVG it draws, so
// what XML 1.0 forbids (control characters, invalid UTF-8) becomes U+FFFD here.
std::string quote(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      const std::size_t length = detail::xml_char_length(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.data() + i, length);
        i += length;
      }
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n')
      out += "\\n";
    else if ((byte < 0x20 && c != '\t') || byte == 0x7F)
      out += "\xEF\xBF\xBD";
    else
      out += c;
    ++i;
  }
  return out + "\"";
}

std::string count_label(std::size_t count) {
  return "[" + std::to_string(count) + (count == 1 ? " finding]" : " findings]");
}

std::string_view encryption_style(Encryption encryption) {
  switch (encryption) {
    case Encryption::none: return "dashed";
    case Encryption::tls: return "solid";
    case Encryption::csfc:
    case Encryption::type1: return "bold";
  }
  return "solid";
}

std::string_view encryption_width(Encryption encryption) {
  switch (encryption) {
    case Encryption::none: return "1";
    case Encryption::tls: return "1.5";
    case Encryption::csfc: return "2.5";
    case Encryption::type1: return "3.5";
  }
  return "1";
}

void append_node(std::string& out, const Model& model, NodeIndex n, std::size_t findings,
                 const std::vector<std::vector<WorkloadIndex>>& workloads_on) {
  const Node& node = model.nodes()[n];
  const Banner colour = banner(model.scheme(), node.accredited.level, !node.accredited.compartments.empty());
  std::string label = std::string(model.node_id(n));
  if (!node.name.empty() && node.name != model.node_id(n)) label += "\n" + node.name;
  label += "\n" + model.accreditation_of(n);
  if (node.impact_level != no_impact_level)
    label += " / " + model.scheme().impact_levels()[node.impact_level].name;
  if (node.is_edge()) label += "\nedge, at rest: " + std::string(to_string(node.at_rest));
  if (!workloads_on[n].empty()) {
    label += "\n";
    for (std::size_t i = 0; i < workloads_on[n].size(); ++i)
      label += (i == 0 ? "runs " : ", ") + std::string(model.workload_id(workloads_on[n][i]));
  }
  if (findings > 0) label += "\n" + count_label(findings);
  out += "    " + quote(model.node_id(n)) + " [label=" + quote(label);
  out += node.is_edge() ? ", shape=component, style=\"filled\"" : ", shape=box, style=\"filled,rounded\"";
  out += ", fillcolor=\"" + std::string(colour.fill) + "\", fontcolor=\"" + std::string(colour.font) + "\"";
  // A second, red periphery outside the fill stands out whatever the banner colour.
  if (findings > 0)
    out += ", color=\"#FF0000\", penwidth=3, peripheries=2";
  else
    out += ", color=\"#333333\", penwidth=1";
  out += "];\n";
}

void append_link(std::string& out, const Model& model, LinkIndex l, std::size_t findings) {
  const Link& link = model.links()[l];
  std::string label = std::string(model.link_id(l));
  std::string colour = "#000000";
  std::string attributes;
  switch (link.kind) {
    case LinkKind::guard:
      label += "\nguard";
      if (!link.releases.empty())
        label += ", " + std::to_string(link.releases.size()) + (link.releases.size() == 1 ? " release" : " releases");
      attributes = "penwidth=3, style=\"bold\", arrowhead=\"odiamond\"";
      attributes += link.is_one_way() ? ", dir=forward" : ", dir=both, arrowtail=\"odiamond\"";
      break;
    case LinkKind::diode:
      label += "\ndiode (one way)";
      attributes = "penwidth=3, style=\"bold\", dir=both, arrowhead=\"normal\", arrowtail=\"tee\"";
      break;
    case LinkKind::network:
    case LinkKind::courier:
      // The carrier's banner colour; the heavier the line, the stronger the encryption.
      colour = std::string(banner(model.scheme(), link.carrier, false).fill);
      label += "\n" + std::string(link.kind == LinkKind::courier ? "courier" : "network") + " on " +
               model.scheme().level_name(link.carrier) + ", " + std::string(to_string(link.encryption));
      attributes = "penwidth=" + std::string(encryption_width(link.encryption)) + ", style=\"" +
                   std::string(link.kind == LinkKind::courier ? "dotted" : encryption_style(link.encryption)) + "\"";
      attributes += link.is_one_way() ? ", dir=forward" : ", dir=none";
      break;
  }
  if (findings > 0) {
    // Outlined: Graphviz draws the colour list "red:c:red" as three parallel lines.
    label += "\n" + count_label(findings);
    colour = "#FF0000:" + colour + ":#FF0000";
    attributes += ", fontcolor=\"#FF0000\"";
  }
  out += "  " + quote(model.node_id(link.from)) + " -> " + quote(model.node_id(link.to)) + " [label=" + quote(label) +
         ", color=\"" + colour + "\", " + attributes + "];\n";
}

// The banner colours of the accreditations drawn, lowest first, and what outlines mean.
void append_legend(std::string& out, const Model& model) {
  std::map<std::pair<Level, bool>, bool> shown;  // (level, has compartments)
  for (const Node& node : model.nodes()) shown[{node.accredited.level, !node.accredited.compartments.empty()}] = true;
  if (shown.empty()) return;
  out += "  legend [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
         "CELLPADDING=\"3\"><TR><TD><B>accredited for</B></TD></TR>";
  std::string previous;
  for (const auto& [key, unused] : shown) {
    (void)unused;
    const Banner colour = banner(model.scheme(), key.first, key.second);
    std::string name = detail::xml_escaped(model.scheme().level_name(key.first)) + (key.second ? " with compartments" : "");
    if (name == previous) continue;
    previous = name;
    out += "<TR><TD BGCOLOR=\"" + std::string(colour.fill) + "\"><FONT COLOR=\"" + std::string(colour.font) + "\">" +
           name + "</FONT></TD></TR>";
  }
  out += "<TR><TD>double red outline: findings</TD></TR></TABLE>>];\n";
}

}  // namespace

std::string to_dot(const Report& report, const Model& model) {
  std::vector<std::size_t> node_findings(model.nodes().size(), 0);
  std::vector<std::size_t> link_findings(model.links().size(), 0);
  for (const Finding& finding : report.findings) {
    if (finding.node != no_key) ++node_findings[finding.node];
    if (finding.link != no_key) ++link_findings[finding.link];
  }
  std::vector<std::vector<WorkloadIndex>> workloads_on(model.nodes().size());
  for (WorkloadIndex w = 0; w < model.workloads().size(); ++w)
    for (NodeIndex n : model.placement().nodes_of(w)) workloads_on[n].push_back(w);

  const Summary summary = report.summary();
  std::string out = "digraph " + quote(report.model) + " {\n";
  out += "  graph [label=" +
         quote("clearance: model " + report.model + ", " + std::to_string(summary.findings) + " findings (" +
               std::to_string(summary.critical) + " critical, " + std::to_string(summary.high) + " high, " +
               std::to_string(summary.medium) + " medium, " + std::to_string(summary.low) + " low)") +
         ", labelloc=t, fontname=\"Helvetica\", fontsize=14, rankdir=LR, nodesep=0.4, ranksep=1.2];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.15,0.08\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=8];\n";

  // Clusters by jurisdiction, in order of country code.
  std::map<std::string_view, std::vector<NodeIndex>> by_country;
  for (NodeIndex n = 0; n < model.nodes().size(); ++n)
    by_country[country_code(model.nodes()[n].jurisdiction)].push_back(n);
  std::size_t cluster = 0;
  for (const auto& [code, nodes] : by_country) {
    const CountryId country = model.nodes()[nodes.front()].jurisdiction;
    out += "  subgraph cluster_" + std::to_string(cluster++) + " {\n";
    out += "    label=" + quote(std::string(code) + " (" + std::string(country_name(country)) + ")") +
           "; style=\"rounded,dashed\"; color=\"#555555\"; fontname=\"Helvetica\"; fontsize=12;\n";
    for (NodeIndex n : nodes) append_node(out, model, n, node_findings[n], workloads_on);
    out += "  }\n";
  }
  for (LinkIndex l = 0; l < model.links().size(); ++l) append_link(out, model, l, link_findings[l]);
  append_legend(out, model);
  out += "}\n";
  return out;
}

std::string detail::dot_quoted(std::string_view text) { return quote(text); }
std::string detail::diagram_too_large(const Model& model, const ReportFormatOptions& options) {
  const std::size_t elements = model.nodes().size() + model.links().size();
  if (elements <= options.diagram_max_elements) return {};
  return "the model has " + std::to_string(model.nodes().size()) + " nodes and " +
         std::to_string(model.links().size()) + " links, more than the " +
         std::to_string(options.diagram_max_elements) +
         " that are drawn (Graphviz's layout time grows much faster than the diagram); raise the limit "
         "(ReportFormatOptions::diagram_max_elements, --diagram-limit) or use the DOT format, which is not limited";
}

namespace {
// `dot -V` answers at once; a program that does not is no Graphviz to wait for.
constexpr std::chrono::milliseconds version_time_limit{10000};
}  // namespace

bool graphviz_available(const ReportFormatOptions& options) {
  return detail::run_process({options.dot_program, "-V"}, {}, version_time_limit).status == 0;
}

std::string to_svg(const Report& report, const Model& model, const ReportFormatOptions& options) {
  if (std::string why = detail::diagram_too_large(model, options); !why.empty()) throw error(ErrorKind::usage, why);
  return detail::draw_svg(to_dot(report, model), options);
}

std::string detail::draw_svg(const std::string& dot_source, const ReportFormatOptions& options) {
  const auto time_limit = std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, options.dot_time_limit_s) * 1000));
  detail::ProcessResult dot = detail::run_process({options.dot_program, "-Tsvg"}, dot_source, time_limit);
  if (dot.status == 0) return std::move(dot.out);
  if (dot.status == detail::ProcessResult::timed_out)
    throw error(ErrorKind::io, "Graphviz's `" + options.dot_program + "` did not draw the diagram within " +
                                   detail::format_number(options.dot_time_limit_s) +
                                   " s and was stopped; raise the limit (ReportFormatOptions::dot_time_limit_s, "
                                   "--dot-time-limit) or use the DOT format");
  std::string detail = std::move(dot.err);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
  if (dot.status == detail::ProcessResult::could_not_start)
    throw error(ErrorKind::io, "cannot run Graphviz's `" + options.dot_program +
                                   "` to draw the SVG diagram; install Graphviz or use the DOT format");
  throw error(ErrorKind::io, "Graphviz's `" + options.dot_program + "` failed (" +
                                 (dot.status == detail::ProcessResult::died ? std::string("killed")
                                                                            : "exit status " + std::to_string(dot.status)) +
                                 ")" + (detail.empty() ? "" : ": " + detail));
}

}  // namespace v1
}  // namespace clearance
