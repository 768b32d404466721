// One self-contained HTML page for people who do not read JSON: summary, diagram, a
// sortable findings table and the evidence of each finding. Everything is inline (CSS,
// JavaScript, SVG); the page fetches nothing, so it can be mailed or opened offline.
#include <clearance/report_formats.hpp>

#include "report_common.hpp"
#include "report_waivers.hpp"

#include <clearance/error.hpp>

namespace clearance {
inline namespace v1 {

// The page frame both HTML pages share (body, header, sections); docs/report-formats.md.
const std::string_view detail::page_base_style = R"(* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f; background: #f6f7f9; }
header { background: #1d2733; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c9d1d9; }
main { padding: 8px 28px 40px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; margin: 18px 0; padding: 14px 18px; }
h2 { font-size: 17px; margin: 0 0 10px; }
)";

namespace {

constexpr std::string_view root_style = R"(
:root { --critical: #C8102E; --high: #E0700F; --medium: #B8860B; --low: #2E6DA4; }
)";

constexpr std::string_view style = R"(.counts { display: flex; gap: 12px; flex-wrap: wrap; }
.count { border-radius: 6px; padding: 8px 14px; color: #fff; min-width: 110px; }
.count b { display: block; font-size: 24px; }
.count.total { background: #1d2733; }
.count.critical, .sev.critical { background: var(--critical); }
.count.high, .sev.high { background: var(--high); }
.count.medium, .sev.medium { background: var(--medium); }
.count.low, .sev.low { background: var(--low); }
.sev { color: #fff; border-radius: 4px; padding: 1px 7px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.diagram { overflow: auto; max-height: 720px; border: 1px solid #eee; }
.diagram svg { max-width: 100%; height: auto; }
pre { background: #f3f4f6; padding: 10px; overflow: auto; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e6e8eb; }
th { background: #eef1f4; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \25B2"; }
th[aria-sort="descending"]::after { content: " \25BC"; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.evidence article { border-top: 1px solid #e6e8eb; padding: 10px 0; }
.evidence h3 { font-size: 15px; margin: 0 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dt { font-weight: 600; color: #555; }
dd { margin: 0; }
ol.route { margin: 0; padding-left: 20px; }
.ok { color: #007A33; font-weight: 600; }
)";

// Only in reports with waivers, so that a report without them keeps its bytes.
constexpr std::string_view waiver_style = R"(
.count.waived, .tag.waived { background: #4A5A6A; }
.tag { color: #fff; border-radius: 4px; padding: 1px 7px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.tag.expired { background: #8B0000; }
.tag.expiring { background: #B8860B; }
.tag.unused { background: #777; }
ul.warnings li { margin: 2px 0; }
)";

constexpr std::string_view script = R"(
(function () {
  var table = document.getElementById('findings');
  if (!table) return;
  var headers = table.tHead.rows[0].cells;
  function key(row, column) {
    var cell = row.cells[column];
    var sort = cell.getAttribute('data-sort');
    return sort !== null ? sort : cell.textContent.trim().toLowerCase();
  }
  function sortBy(column) {
    var header = headers[column];
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute('aria-sort');
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column), y = key(b, column);
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : (x < y ? -1 : x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  for (var i = 0; i < headers.length; i++) {
    (function (column) {
      headers[column].addEventListener('click', function () { sortBy(column); });
      headers[column].tabIndex = 0;
      headers[column].addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(column); });
    })(i);
  }
})();
)";

// Severity rank for sorting: critical first when ascending.
int severity_rank(Severity severity) { return 3 - static_cast<int>(severity); }

std::string controls_of(const RuleInfo& rule) {
  std::string text;
  for (std::size_t i = 0; i < rule.controls.size(); ++i) text.append(i == 0 ? "" : ", ").append(rule.controls[i]);
  return text;
}

// Graphviz's SVG starts with an XML declaration and a DOCTYPE; inline SVG starts at <svg.
std::string_view svg_element(std::string_view svg) {
  std::size_t start = svg.find("<svg");
  return start == std::string_view::npos ? svg : svg.substr(start);
}

// Spec waivers-v1 §3: the waived findings apart (with the waiver's id, approver and
// expiry), the warnings about waivers, and every waiver with its standing.
void append_waivers(std::string& out, const Report& report, const Model& model) {
  using detail::xml_escaped;
  const Waivers& waivers = *report.waivers;
  out += "<section id=\"waived\">\n<h2>Waived findings</h2>\n";
  if (report.summary().waived == 0) {
    out += "<p>No finding is waived.</p>\n";
  } else {
    out += "<table id=\"waived-findings\">\n<thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>Keys</th>"
           "<th>Waiver</th><th>Approved by</th><th>Expires</th><th>Justification</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& finding = report.findings[i];
      const Waiver* waiver = detail::waiver_of(report, finding);
      if (waiver == nullptr) continue;
      const std::string number = std::to_string(i + 1);
      const std::string severity(to_string(finding.severity));
      out += "<tr><td><a href=\"#finding-" + number + "\">" + number + "</a></td><td><span class=\"sev " + severity +
             "\">" + severity + "</span></td><td><code>" + xml_escaped(rule_info(finding.rule).name) +
             "</code></td><td><code>" + xml_escaped(detail::key_text(finding, model)) + "</code></td><td><code>" +
             xml_escaped(waiver->id) + "</code>" +
             (waiver->ticket.empty() ? std::string() : " (" + xml_escaped(waiver->ticket) + ")") + "</td><td>" +
             xml_escaped(waiver->approved_by) + "</td><td>" + waiver->expires.to_string() + "</td><td>" +
             xml_escaped(waiver->justification) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n<section id=\"waivers\">\n<h2>Waivers</h2>\n<p>" + std::to_string(waivers.size()) +
         " waiver" + (waivers.size() == 1 ? "" : "s") + " from <code>" + xml_escaped(waivers.file()) +
         "</code>, judged on " + report.today.to_string() + ".</p>\n";
  std::string warnings;
  for (std::uint32_t w : report.unused_waivers)
    warnings += "<li><span class=\"tag unused\">unused</span> waiver <code>" + xml_escaped(waivers[w].id) +
                "</code> matches no finding; remove it.</li>\n";
  for (std::uint32_t w : report.expired_waivers)
    warnings += "<li><span class=\"tag expired\">expired</span> " + xml_escaped(detail::expired_line(waivers[w])) +
                ".</li>\n";
  for (std::uint32_t w : report.expiring_waivers)
    warnings += "<li><span class=\"tag expiring\">expiring</span> waiver <code>" + xml_escaped(waivers[w].id) +
                "</code> expires " + detail::days_left(report, waivers[w]) + ", on " + waivers[w].expires.to_string() +
                ".</li>\n";
  if (!warnings.empty()) out += "<ul class=\"warnings\">\n" + warnings + "</ul>\n";
  if (waivers.size() > 0) {
    out += "<table id=\"waiver-list\">\n<thead><tr><th>Waiver</th><th>Covers</th><th>Approved by</th><th>Expires</th>"
           "<th>Ticket</th><th>Justification</th></tr></thead>\n<tbody>\n";
    for (std::uint32_t w = 0; w < waivers.size(); ++w) {
      const Waiver& waiver = waivers[w];
      out += "<tr><td><code>" + xml_escaped(waiver.id) + "</code></td><td><code>" + xml_escaped(detail::waiver_scope(waiver, model)) +
             "</code></td><td>" + xml_escaped(waiver.approved_by) + "</td><td>" + waiver.expires.to_string();
      if (!waiver.holds_on(report.today)) out += " <span class=\"tag expired\">expired</span>";
      out += "</td><td>" + xml_escaped(waiver.ticket) + "</td><td>" + xml_escaped(waiver.justification) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string to_html(const Report& report, const Model& model, const ReportFormatOptions& options) {
  detail::check_timestamp(options.timestamp);
  using detail::xml_escaped;
  const Summary summary = report.summary();
  std::string out;
  out.reserve(32768 + report.findings.size() * 2048);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<title>clearance: " + xml_escaped(report.model) + "</title>\n<style>" + std::string(root_style) + std::string(detail::page_base_style) + std::string(style) + "</style>\n";
  if (report.waivers != nullptr) out += "<style>" + std::string(waiver_style) + "</style>\n";
  out += "</head>\n<body>\n<header>\n<h1>clearance report: " + xml_escaped(report.model) + "</h1>\n";
  out += "<p>clearance " CLEARANCE_VERSION_STRING ", checked " + xml_escaped(options.timestamp) + ". " +
         std::to_string(model.nodes().size()) + " nodes, " + std::to_string(model.links().size()) + " links, " +
         std::to_string(model.data().size()) + " data, " + std::to_string(model.workloads().size()) +
         " workloads, " + std::to_string(model.flows().size()) + " flows.</p>\n</header>\n<main>\n";

  // Summary.
  out += "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"counts\">\n";
  out += "<div class=\"count total\"><b>" + std::to_string(summary.findings) + "</b>findings</div>\n";
  for (const auto& [name, count] : {std::pair<const char*, std::size_t>{"critical", summary.critical},
                                    {"high", summary.high},
                                    {"medium", summary.medium},
                                    {"low", summary.low}})
    out += "<div class=\"count " + std::string(name) + "\"><b>" + std::to_string(count) + "</b>" + name + "</div>\n";
  if (report.waivers != nullptr)
    out += "<div class=\"count waived\"><b>" + std::to_string(summary.waived) + "</b>waived</div>\n";
  out += "</div>\n</section>\n";

  // Diagram.
  out += "<section id=\"diagram\">\n<h2>Diagram</h2>\n";
  out += "<p>Nodes are grouped by jurisdiction and filled with the banner colour of their accreditation; edge "
         "devices are drawn as components, regions as rounded boxes. Guards end in diamonds, diodes in a bar and "
         "an arrow; network links take the colour of their carrier and are heavier the stronger their "
         "encryption (dashed: none). Red outlines mark nodes and links with findings.</p>\n";
  const std::string too_large = detail::diagram_too_large(model, options);
  std::string svg;
  std::string why_not = "Graphviz was not used";
  if (too_large.empty() && options.html_embeds_svg && graphviz_available(options)) {
    try {
      svg = to_svg(report, model, options);
    } catch (const error& e) {
      why_not = e.what();  // the page is still worth having without the picture
    }
  }
  if (!too_large.empty())  // neither picture nor source: a large estate's page stays light
    out += "<p>The diagram is left out: " + xml_escaped(too_large) + ".</p>\n";
  else if (!svg.empty())
    out += "<div class=\"diagram\">\n" + std::string(svg_element(svg)) + "</div>\n";
  else
    out += "<p>" + xml_escaped(why_not) +
           "; the diagram's DOT source follows (render it with <code>dot -Tsvg</code>).</p>\n"
           "<pre class=\"diagram\">" + xml_escaped(to_dot(report, model)) + "</pre>\n";
  out += "</section>\n";

  // Findings table.
  out += "<section id=\"findings-section\">\n<h2>Findings</h2>\n";
  if (report.findings.empty()) {
    out += "<p class=\"ok\">No findings: every rule holds for this model and placement.</p>\n";
  } else if (summary.waived == summary.findings) {
    out += "<p class=\"ok\">Every finding is waived (see below).</p>\n";
  } else {
    out += "<p>Click a column heading to sort.</p>\n<table id=\"findings\">\n<thead><tr><th>#</th><th>Severity</th>"
           "<th>Rule</th><th>Controls</th><th>Keys</th><th>Message</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& finding = report.findings[i];
      if (finding.is_waived()) continue;  // shown apart
      const RuleInfo& rule = rule_info(finding.rule);
      const std::string number = std::to_string(i + 1);
      const std::string severity(to_string(finding.severity));
      out += "<tr><td data-sort=\"" + number + "\"><a href=\"#finding-" + number + "\">" + number + "</a></td>";
      out += "<td data-sort=\"" + std::to_string(severity_rank(finding.severity)) + "\"><span class=\"sev " +
             severity + "\">" + severity + "</span></td>";
      out += "<td><code>" + xml_escaped(rule.name) + "</code></td><td>" + xml_escaped(controls_of(rule)) + "</td>";
      out += "<td><code>" + xml_escaped(detail::key_text(finding, model)) + "</code></td>";
      out += "<td>" + xml_escaped(finding.message);
      if (const Waiver* expired = detail::expired_waiver_of(report, finding))
        out += " <span class=\"tag expired\">" + xml_escaped(detail::expired_line(*expired)) + "</span>";
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";
  if (report.waivers != nullptr) append_waivers(out, report, model);

  // Evidence.
  if (!report.findings.empty()) {
    out += "<section class=\"evidence\" id=\"evidence\">\n<h2>Evidence</h2>\n";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& finding = report.findings[i];
      const RuleInfo& rule = rule_info(finding.rule);
      const std::string number = std::to_string(i + 1);
      out += "<article id=\"finding-" + number + "\">\n<h3>" + number + ". <span class=\"sev " +
             std::string(to_string(finding.severity)) + "\">" + std::string(to_string(finding.severity)) +
             "</span> <code>" + xml_escaped(rule.name) + "</code></h3>\n<dl>\n";
      out += "<dt>Fires when</dt><dd>" + xml_escaped(rule.summary) + "</dd>\n";
      for (const detail::KeyRef& key : detail::finding_keys(finding, model))
        out += "<dt>" + xml_escaped(key.key) + "</dt><dd><code>" + xml_escaped(key.id) + "</code></dd>\n";
      out += "<dt>Message</dt><dd>" + xml_escaped(finding.message) + "</dd>\n";
      if (const Waiver* waiver = detail::waiver_of(report, finding))
        out += "<dt>Waived</dt><dd>" + xml_escaped("by " + detail::waiver_line(*waiver) + ": " + waiver->justification) +
               "</dd>\n";
      else if (const Waiver* expired = detail::expired_waiver_of(report, finding))
        out += "<dt>Not waived</dt><dd><span class=\"tag expired\">" + xml_escaped(detail::expired_line(*expired)) +
               "</span></dd>\n";
      if (!finding.path.empty()) {
        out += "<dt>Route</dt><dd><ol class=\"route\">\n";
        for (const Hop& hop : finding.path) {
          out += "<li>";
          if (hop.link != no_key) out += "over <code>" + xml_escaped(model.link_id(hop.link)) + "</code> to ";
          out += "<code>" + xml_escaped(model.node_id(hop.node)) + "</code>, carrying " + xml_escaped(hop.label) +
                 "</li>\n";
        }
        out += "</ol></dd>\n";
      }
      out += "<dt>Controls</dt><dd>";
      for (std::size_t c = 0; c < rule.controls.size(); ++c) {
        const detail::ControlInfo* control = detail::find_control(rule.controls[c]);
        out += (c == 0 ? "" : "; ") + xml_escaped(rule.controls[c]);
        if (control != nullptr) out += " " + xml_escaped(detail::full_title(*control));
      }
      out += "</dd>\n<dt>Remediation</dt><dd>" + xml_escaped(rule.remediation) + "</dd>\n</dl>\n</article>\n";
    }
    out += "</section>\n";
  }
  out += "</main>\n<script>" + std::string(script) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
