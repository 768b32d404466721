// Reports for pipelines and assessors (SARIF 2.1.0, JUnit XML, OSCAL assessment results
// 1.1.2) and for people (a Graphviz diagram, a self-contained HTML page). Like report.hpp
// they only render what check() found, with the model and the rule catalogue; they never
// re-analyse. The same report, model and options give the same bytes.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/source_map.hpp>

#include <iosfwd>
#include <cstddef>
#include <string>

namespace clearance {
inline namespace v1 {

struct ReportFormatOptions {
  // When the check ran, as UTC "YYYY-MM-DDTHH:MM:SSZ". OSCAL and JUnit require a time;
  // the fixed default keeps output reproducible (pass the real time, e.g. `clearance
  // check --timestamp now`, when that matters more). Writers throw error (ErrorKind::usage)
  // when it is malformed.
  std::string timestamp = "1970-01-01T00:00:00Z";
  // HTML only: embed the diagram as SVG, which runs Graphviz's `dot` (dot_program) as a
  // child process; off by default, since a library linked into a host must not start
  // processes unasked (the CLI asks). Off, or when `dot` is missing, the page shows the DOT
  // source instead.
  bool html_embeds_svg = false;
  // The Graphviz program to_svg and to_html run (looked up on PATH).
  std::string dot_program = "dot";
  // to_svg, and to_html's diagram: Graphviz's layout time grows much faster than the
  // diagram (a chain of 3,000 nodes takes 14 s, of 10,000 more than 100 s), so a model with
  // more nodes and links together than this is not drawn: to_svg throws error
  // (ErrorKind::usage) and to_html gives the page without the diagram, saying why. to_dot
  // has no limit: it writes text in linear time. See docs/limits.md.
  std::size_t diagram_max_elements = 2000;
  // The wall time `dot` may run, in seconds: then it is killed, to_svg throws error
  // (ErrorKind::io) and to_html says so in place of the diagram.
  double dot_time_limit_s = 60;
  // SARIF only: where the model's elements are in its file (load_model's SourceMap), so
  // that each result also gets a physical location: the file, as a URI relative to
  // %SRCROOT% (absolute paths become file: URIs), and the line and column of the JSON
  // object the finding is about. Not owned; null or empty (a snapshot): logical locations
  // only.
  const SourceMap* source_map = nullptr;
  // SARIF only: the tool's informationUri; each rule's helpUri is its entry in
  // docs/rules.md under it (for this version's tag). Point it at a mirror on a closed
  // network.
  std::string documentation_uri = "https://github.com/clearance/clearance";
};

// SARIF 2.1.0 (OASIS): one run whose driver lists every rule of the catalogue (with the
// remediation as help, a security-severity and the controls as tags and as relationships to
// an NIST SP 800-53 taxonomy) and one result per finding: level (critical and high are
// "error", medium "warning", low "note"), logical locations for the finding's keys
// ("workloads/<id>", "nodes/<id>", ...) and, with options.source_map, the line of the model
// file that causes it, partialFingerprints hashing the rule and keys (not the message), and
// for flow findings the witness route as a code flow.
CLEARANCE_API std::string to_sarif(const Report& report, const Model& model,
                                   const ReportFormatOptions& options = {});
// The same bytes as to_sarif, streamed to `out` in blocks as they are made; check out's
// state afterwards for write errors.
CLEARANCE_API void write_sarif(std::ostream& out, const Report& report, const Model& model,
                               const ReportFormatOptions& options = {});

// JUnit XML (the Ant schema): one testsuite per rule, one testcase per element the rule
// checks in this model (each placed workload/node/data triple, node, link, flow source
// node, ...), so passing elements count too; a finding is a failure carrying its message.
CLEARANCE_API std::string to_junit(const Report& report, const Model& model,
                                   const ReportFormatOptions& options = {});

// OSCAL assessment results 1.1.2: one result reviewing every control the rules cite, one
// finding per control (satisfied, or not-satisfied with the observations that show why),
// one observation per clearance finding carrying its message and subjects (the model's
// elements, defined as local components). UUIDs are version 5, derived from the model name
// and the finding's rule and keys, so the same input gives the same document. The
// assessment plan is not known: import-ap's href is "#".
CLEARANCE_API std::string to_oscal(const Report& report, const Model& model,
                                   const ReportFormatOptions& options = {});

// A Graphviz DOT diagram: nodes clustered by jurisdiction and filled with the US
// classification banner colours of their accreditation, edge devices drawn unlike regions,
// guards and diodes distinct, links styled by carrier and encryption, placed workloads
// listed on their nodes, and every node or link with findings outlined in red and labelled
// with the count.
CLEARANCE_API std::string to_dot(const Report& report, const Model& model);

// True when options.dot_program can be run.
CLEARANCE_API bool graphviz_available(const ReportFormatOptions& options = {});

// The diagram rendered to SVG by running Graphviz's `dot -Tsvg` as a child process, within
// options.diagram_max_elements and options.dot_time_limit_s. Throws error
// (ErrorKind::usage) when the model is larger than the limit, (ErrorKind::io) when `dot`
// cannot be run, fails or runs out of time (it is killed).
CLEARANCE_API std::string to_svg(const Report& report, const Model& model,
                                 const ReportFormatOptions& options = {});

// One self-contained HTML page (inline CSS and JavaScript, nothing fetched): the summary,
// the diagram (see ReportFormatOptions::html_embeds_svg), a findings table sortable by any
// column, and each finding's evidence (rule, controls, keys, message, flow route).
CLEARANCE_API std::string to_html(const Report& report, const Model& model,
                                  const ReportFormatOptions& options = {});

}  // namespace v1
}  // namespace clearance
