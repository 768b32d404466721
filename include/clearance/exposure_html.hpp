// The exposure report (exposure.hpp) as a page for people: one self-contained HTML file,
// with the estate's diagram of the check report (report_formats.hpp) and the routes through
// each captured node drawn over it.
#pragma once

#include <clearance/exposure.hpp>
#include <clearance/report_formats.hpp>

#include <string>

namespace clearance {
inline namespace v1 {

// One page, nothing fetched: the ranking, then a section per capture (one for a report of
// one capture) with its summary, the data at rest (exposed or protected), the data in transit
// with its labels (the first 1,000 entries; the JSON has all) and the estate's diagram with
// the captured node outlined and each link a route through it crosses drawn over it
// (route_crossings). The diagram runs Graphviz's `dot` only when options.html_embeds_svg;
// otherwise, or when `dot` fails, the page carries its DOT source. Every string of the model
// is escaped.
CLEARANCE_API std::string to_html(const ExposureReport& report, const Model& model,
                                  const ReportFormatOptions& options = {});

}  // namespace v1
}  // namespace clearance
