// Writing a check Report for machines (the JSON of spec §5) and for people (text grouped
// by severity). Reports only format what check() found; they never re-analyse.
#pragma once

#include <clearance/finding.hpp>

#include <iosfwd>
#include <string>

namespace clearance {
inline namespace v1 {

// The report as spec §5's JSON: {"clearance": 1, "model", "findings": [{"rule",
// "severity", "controls", the rule's keys in spec §4 order, "message"(, "path" for flow
// rules)}], "summary": {"findings", "critical", "high", "medium", "low"}}. Deterministic:
// the same report gives the same bytes. Ends with a newline. `model` supplies the ids
// the findings' indices name; it must be the model the report was made from.
CLEARANCE_API std::string to_json(const Report& report, const Model& model);
// The same bytes as to_json, streamed to `out` in blocks as they are made (no copy of the
// whole report in memory). Check out's state afterwards for write errors.
CLEARANCE_API void write_json(std::ostream& out, const Report& report, const Model& model);

// The report for people: findings grouped by severity (critical first), each with its
// rule, controls, keys and message, then a summary line. With `colour`, ANSI escapes
// highlight severities and rule ids (use it only when writing to a terminal).
CLEARANCE_API std::string to_text(const Report& report, const Model& model, bool colour = false);
// The same bytes as to_text, streamed to `out` (see write_json).
CLEARANCE_API void write_text(std::ostream& out, const Report& report, const Model& model, bool colour = false);

}  // namespace v1
}  // namespace clearance
