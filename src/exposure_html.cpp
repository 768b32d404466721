// The exposure report as one self-contained HTML page, for the accreditor who signs off an
// edge kit before it goes forward: which capture exposes most, and per capture what is on
// the device (exposed or protected), what passes through it with which labels, and the
// routes through it drawn on the check report's estate diagram. Everything is inline (CSS,
// SVG); the page fetches nothing. It only renders what exposure() and route_crossings()
// found.
#include <clearance/error.hpp>
#include <clearance/exposure_html.hpp>

#include "report_common.hpp"

namespace clearance {
inline namespace v1 {

namespace {

using detail::xml_escaped;

// After the frame the check report's page has too (detail::page_base_style).
constexpr std::string_view style = R"(h3 { font-size: 15px; margin: 16px 0 8px; }
.counts { display: flex; gap: 12px; flex-wrap: wrap; }
.count { border-radius: 6px; padding: 8px 14px; color: #fff; background: #1d2733; min-width: 110px; }
.count b { display: block; font-size: 22px; }
.count.exposed { background: #C8102E; }
.count.protected { background: #007A33; }
.count.transit { background: #A0199B; }
.status { color: #fff; border-radius: 4px; padding: 1px 7px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.status.exposed { background: #C8102E; }
.status.protected { background: #007A33; }
.diagram { overflow: auto; max-height: 720px; border: 1px solid #eee; }
.diagram svg { max-width: 100%; height: auto; }
pre { background: #f3f4f6; padding: 10px; overflow: auto; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e6e8eb; }
th { background: #eef1f4; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.none { color: #555; }
)";

// A page lists at most this many in-transit entries per capture: an estate's edge node may
// pass hundreds of thousands, which no reader scrolls; the JSON report lists every one.
constexpr std::size_t transit_rows_shown = 1000;

// Graphviz's SVG starts with an XML declaration and a DOCTYPE; inline SVG starts at <svg.
std::string_view svg_element(std::string_view svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string_view::npos ? svg : svg.substr(start);
}

std::string level_text(const ExposureSummary& summary, const Model& model) {
  if (!summary.level) return "nothing";
  std::string text = model.scheme().level_name(*summary.level);
  for (std::size_t i = 0; i < summary.compartments.size(); ++i) text += (i == 0 ? "//" : "/") + summary.compartments[i];
  return text;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out.append(i == 0 ? "" : separator).append(items[i]);
  return out;
}

// The check report's diagram of the estate (no findings), titled for the capture, with the
// captured node outlined and each link a route through it crosses drawn again over it in
// the direction crossed.
std::string capture_dot(const ExposureReport& report, const Model& model, std::size_t c,
                        const std::vector<RouteCrossing>& crossings) {
  Report empty;
  empty.model = model.name();
  std::string dot = to_dot(empty, model);
  const NodeIndex x = report.captures[c].node;
  const std::string title = "clearance: capture of node " + std::string(model.node_id(x)) + ", model " + model.name() +
                            "; routes through it in magenta";
  // to_dot titles the diagram with the check's counts, which mean nothing here.
  const std::string check_title =
      "\n  graph [label=" +
      detail::dot_quoted("clearance: model " + model.name() + ", 0 findings (0 critical, 0 high, 0 medium, 0 low)");
  const std::size_t at = dot.find(check_title);
  if (at != std::string::npos) dot.replace(at, check_title.size(), "\n  graph [label=" + detail::dot_quoted(title));
  std::string overlay = "  " + detail::dot_quoted(model.node_id(x)) +
                        " [color=\"#A0199B\", penwidth=5, peripheries=2, tooltip=\"captured\"];\n";
  for (const RouteCrossing& crossing : crossings) {
    const Link& link = model.links()[crossing.link];
    const NodeIndex from = crossing.forward ? link.from : link.to, to = crossing.forward ? link.to : link.from;
    overlay += "  " + detail::dot_quoted(model.node_id(from)) + " -> " + detail::dot_quoted(model.node_id(to)) +
               " [color=\"#A0199B\", penwidth=4, arrowhead=\"normal\", constraint=false, tooltip=" +
               detail::dot_quoted("route through " + std::string(model.node_id(x)) + " over " +
                                  std::string(model.link_id(crossing.link))) +
               "];\n";
  }
  dot.insert(dot.rfind('}'), overlay);
  return dot;
}

void append_diagram(std::string& out, const ExposureReport& report, const Model& model, std::size_t c,
                    const ReportFormatOptions& options) {
  const std::vector<RouteCrossing> crossings = route_crossings(model, report, c);
  out += "<h3>Routes through it</h3>\n<p>The estate as the check report draws it; the captured node has a heavy "
         "magenta outline, and each link that a route through it crosses is drawn again in magenta, in the "
         "direction crossed (" +
         std::to_string(crossings.size()) + (crossings.size() == 1 ? " crossing" : " crossings") + ").</p>\n";
  const std::string too_large = detail::diagram_too_large(model, options);
  if (!too_large.empty()) {  // as the check report's page: neither picture nor source
    out += "<p>The diagram is left out: " + xml_escaped(too_large) + ".</p>\n";
    return;
  }
  const std::string dot = capture_dot(report, model, c, crossings);
  std::string why_not = "Graphviz was not used";
  if (options.html_embeds_svg) {
    try {
      const std::string svg = detail::draw_svg(dot, options);
      out += "<div class=\"diagram\">\n" + std::string(svg_element(svg)) + "</div>\n";
      return;
    } catch (const error& e) {
      why_not = e.what();  // the page is still worth having without the picture
    }
  }
  out += "<p>" + xml_escaped(why_not) +
         "; the diagram's DOT source follows (render it with <code>dot -Tsvg</code>).</p>\n<pre class=\"diagram\">" +
         xml_escaped(dot) + "</pre>\n";
}

void append_capture(std::string& out, const ExposureReport& report, const Model& model, std::size_t c,
                    const ReportFormatOptions& options) {
  const Capture& capture = report.captures[c];
  const Node& node = model.nodes()[capture.node];
  const std::string id = xml_escaped(model.node_id(capture.node));
  std::size_t exposed = 0;
  for (const AtRestExposure& at_rest : capture.at_rest) exposed += at_rest.exposed ? 1 : 0;
  out += "<section class=\"capture\" id=\"capture-" + std::to_string(c) + "\" data-node=\"" + id + "\">\n";
  out += "<h2>Capture of node <code>" + id + "</code></h2>\n";
  out += "<p>" + std::string(to_string(node.kind)) + " node, accredited " + xml_escaped(model.accreditation_of(capture.node)) +
         ", at-rest encryption <code>" + std::string(to_string(node.at_rest)) + "</code>. It exposes <b>" +
         xml_escaped(level_text(capture.summary, model)) + "</b>" +
         (capture.summary.owners.empty() ? std::string()
                                         : ", owned by " + xml_escaped(joined(capture.summary.owners, ", "))) +
         ".</p>\n";
  out += "<div class=\"counts\">\n";
  out += "<div class=\"count exposed\"><b>" + std::to_string(exposed) + "</b>exposed at rest</div>\n";
  out += "<div class=\"count protected\"><b>" + std::to_string(capture.at_rest.size() - exposed) +
         "</b>protected at rest</div>\n";
  out += "<div class=\"count transit\"><b>" + std::to_string(capture.in_transit_count) + "</b>in transit</div>\n";
  out += "<div class=\"count\"><b>" + std::to_string(capture.summary.exposed_data) + "</b>data exposed</div>\n";
  out += "</div>\n";

  out += "<h3>At rest</h3>\n";
  if (capture.at_rest.empty()) {
    out += "<p class=\"none\">No workload placed on it uses data.</p>\n";
  } else {
    out += "<table class=\"at-rest\">\n<thead><tr><th>Data</th><th>Marking</th><th>Status</th><th>Used by</th></tr>"
           "</thead>\n<tbody>\n";
    for (const AtRestExposure& at_rest : capture.at_rest) {
      const std::string_view status = at_rest.exposed ? "exposed" : "protected";
      out += "<tr><td><code>" + xml_escaped(model.data_id(at_rest.data)) + "</code></td><td>" +
             xml_escaped(model.marking_of(at_rest.data)) + "</td><td><span class=\"status " + std::string(status) + "\">" +
             std::string(status) + "</span></td><td>";
      for (std::size_t i = 0; i < at_rest.workloads.size(); ++i)
        out += (i == 0 ? "<code>" : ", <code>") + xml_escaped(model.workload_id(at_rest.workloads[i])) + "</code>";
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }

  out += "<h3>In transit</h3>\n";
  const TransitList transit = report.in_transit(c);
  if (transit.entries.empty()) {
    out += "<p class=\"none\">No route of a flow passes it.</p>\n";
  } else {
    if (transit.entries.size() > transit_rows_shown)
      out += "<p>The first " + std::to_string(transit_rows_shown) + " of " + std::to_string(transit.entries.size()) +
             " (flow, source) pairs; <code>clearance exposure --format json</code> lists every one.</p>\n";
    out += "<table class=\"in-transit\">\n<thead><tr><th>Flow</th><th>From</th><th>Data</th><th>Labels at this "
           "node</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < transit.entries.size() && i < transit_rows_shown; ++i) {
      const TransitExposure& entry = transit.entries[i];
      out += "<tr><td><code>" + xml_escaped(model.flow_id(entry.flow)) + "</code></td><td><code>" +
             xml_escaped(model.node_id(entry.source)) + "</code></td><td><code>" + xml_escaped(model.data_id(entry.data)) +
             "</code></td><td>";
      const std::vector<std::uint32_t>& labels = transit.label_sets[entry.labels];
      for (std::size_t l = 0; l < labels.size(); ++l) out += (l == 0 ? "" : "<br>") + xml_escaped(report.labels[labels[l]]);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  append_diagram(out, report, model, c, options);
  out += "</section>\n";
}

}  // namespace

std::string to_html(const ExposureReport& report, const Model& model, const ReportFormatOptions& options) {
  const std::string name = xml_escaped(model.name());
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>clearance exposure: " + name + "</title>\n<style>\n" + std::string(detail::page_base_style) + std::string(style) + "</style>\n";
  out += "</head>\n<body>\n<header>\n<h1>Exposure on capture: " + name + "</h1>\n";
  out += "<p>clearance " CLEARANCE_VERSION_STRING ": what an adversary gets who captures " +
         std::string(report.captures.size() == 1 ? "the node below" : "each edge node") +
         " (the data on it, exposed unless its at-rest encryption protects it, and the data whose routes pass "
         "it).</p>\n</header>\n<main>\n";

  out += "<section id=\"ranking\">\n<h2>Captures, most exposed first</h2>\n";
  if (report.captures.empty()) {
    out += "<p class=\"none\">The model has no edge node to capture.</p>\n";
  } else {
    out += "<table>\n<thead><tr><th>#</th><th>Node</th><th>Exposes</th><th>Data exposed</th><th>Owners</th>"
           "<th>In transit</th></tr></thead>\n<tbody>\n";
    std::size_t rank = 0;
    for (std::size_t c : rank_captures(report)) {
      const Capture& capture = report.captures[c];
      out += "<tr><td>" + std::to_string(++rank) + "</td><td><a href=\"#capture-" + std::to_string(c) + "\"><code>" +
             xml_escaped(model.node_id(capture.node)) + "</code></a></td><td>" +
             xml_escaped(level_text(capture.summary, model)) + "</td><td>" + std::to_string(capture.summary.exposed_data) +
             "</td><td>" + xml_escaped(joined(capture.summary.owners, ", ")) + "</td><td>" +
             std::to_string(capture.in_transit_count) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
  for (std::size_t c = 0; c < report.captures.size(); ++c) append_capture(out, report, model, c, options);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
