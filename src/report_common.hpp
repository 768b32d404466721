// Internal: what the SARIF, JUnit, OSCAL, diagram and HTML writers share: a JSON writer
// with fixed layout, XML/HTML escaping, the baked NIST control table, version 5 UUIDs and
// how a finding's keys are named. Not installed.
#pragma once

#include <clearance/finding.hpp>
#include <clearance/report_formats.hpp>

#include "output.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace detail {

// Writes JSON with two-space indentation, one member or element a line, members in the
// order written: the bytes are part of what golden files compare.
class JsonWriter {
 public:
  // Writes into a string of its own, which finish() returns.
  JsonWriter();
  // Streams into `out` (a report written to a stream); finish() returns an empty string.
  explicit JsonWriter(Output& out);

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  // key(name).value(v)
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  // The document, ending with a newline.
  std::string finish();

 private:
  void before_value();
  JsonWriter& close(char bracket);
  std::string text_;
  std::unique_ptr<Output> own_output_;  // into text_
  Output* out_;
  std::vector<bool> has_elements_;
  bool after_key_ = false;
};

// Why the model is not drawn (more nodes and links than options.diagram_max_elements), or
// "" when it may be: to_svg's error and to_html's note, one message.
// The CSS of the frame every HTML page shares (body, header, main, sections, h2), so the
// check report's page and the exposure page look like one tool's.
extern const std::string_view page_base_style;

std::string diagram_too_large(const Model& model, const ReportFormatOptions& options);

// The SVG Graphviz draws of `dot_source`, within options.dot_time_limit_s: to_svg's drawing
// and its errors (the caller checks diagram_too_large first), for every page with a diagram.
std::string draw_svg(const std::string& dot_source, const ReportFormatOptions& options);

// The length of the valid UTF-8 sequence at text[i] (non-ASCII lead byte) that is also an
// XML 1.0 character (U+FFFE and U+FFFF are not), or 0.
std::size_t xml_char_length(std::string_view text, std::size_t i);

// Appends `text` escaped for XML character data and attribute values (also HTML): &, <,
// >, " and ' as entities; control characters XML 1.0 forbids and invalid UTF-8 as U+FFFD.
void append_xml_escaped(std::string& out, std::string_view text);
std::string xml_escaped(std::string_view text);

// `text` as a DOT double-quoted string, as the diagram writes its labels (report_dot.cpp;
// the exposure page's diagram adds to that diagram with it).
std::string dot_quoted(std::string_view text);

// A NIST SP 800-53 Rev. 5 control the rules cite (src/controls_table.inc).
struct ControlInfo {
  std::string_view label;         // "SC-8(1)"
  std::string_view oscal_id;      // "sc-8.1"
  std::string_view title;         // "Cryptographic Protection"
  std::string_view parent_title;  // enhancements: "Transmission Confidentiality and Integrity"
  std::string_view family;        // "System and Communications Protection"
  bool in_high_baseline;
};
// Every control, in the order spec §4 first cites them.
const std::vector<ControlInfo>& control_table();
// nullptr when the label is not in the table.
const ControlInfo* find_control(std::string_view label);
// "Transmission Confidentiality and Integrity | Cryptographic Protection" (NIST's style).
std::string full_title(const ControlInfo& control);
// The control ids of the catalogue's rules in first-cited order, each once.
std::vector<std::string_view> cited_controls();

// An RFC 4122 version 5 (SHA-1) UUID of `name` in clearance's namespace, lower-case.
std::string uuid_v5(std::string_view name);

// One key of a finding: the model collection it names and the element's id.
struct KeyRef {
  std::string_view key;         // "workload", "node", ...
  std::string_view collection;  // "workloads", "nodes", "data", "flows", "links", "resources"
  std::string_view id;
};
std::vector<KeyRef> finding_keys(const Finding& finding, const Model& model);
// "rule workload=w node=n": the finding's identity, stable across runs (no message).
std::string finding_identity(const Finding& finding, const Model& model);
// "workload=w node=n data=d"
std::string key_text(const Finding& finding, const Model& model);

// One finding of spec §5's JSON report, "{ ... }" at the findings array's indentation
// (report_json.cpp; what-if lists its added and resolved findings with it).
void append_finding_json(std::string& out, const Report& report, const Finding& finding, const Model& model);

// Checks ReportFormatOptions::timestamp; throws error (ErrorKind::usage).
void check_timestamp(std::string_view timestamp);

}  // namespace detail
}  // namespace v1
}  // namespace clearance
