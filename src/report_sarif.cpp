// SARIF 2.1.0 (OASIS) for code-scanning pipelines. The rule catalogue becomes
// tool.driver.rules, the controls a NIST SP 800-53 taxonomy, each finding a result whose
// logical locations are the model elements it names and, with a source map, whose physical
// location is the line of the model file that causes it (what code-scanning viewers show).
#include <clearance/report_formats.hpp>

#include "report_common.hpp"
#include "report_waivers.hpp"

#include <cctype>
#include <filesystem>
#include <ostream>

namespace clearance {
inline namespace v1 {

namespace {

constexpr std::string_view taxonomy_name = "NIST SP 800-53";

// GitHub's scale: critical is above 9.0, high 7.0-8.9, medium 4.0-6.9, low below 4.0.
std::string_view security_severity(Severity severity) {
  switch (severity) {
    case Severity::critical: return "9.5";
    case Severity::high: return "8.0";
    case Severity::medium: return "5.5";
    case Severity::low: return "3.0";
  }
  return "0.0";
}

std::string_view level_of(Severity severity) {
  switch (severity) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium: return "warning";
    case Severity::low: return "note";
  }
  return "none";
}

void write_text(detail::JsonWriter& json, std::string_view key, std::string_view text) {
  json.key(key).begin_object().member("text", text).end_object();
}

void write_logical_location(detail::JsonWriter& json, std::string_view collection, std::string_view id) {
  json.begin_object()
      .member("name", id)
      .member("fullyQualifiedName", std::string(collection) + "/" + std::string(id))
      .member("kind", "object")
      .end_object();
}

// The uriBaseId of model files named by a relative path: the checkout a pipeline runs in
// (the name GitHub code scanning and the SARIF viewers resolve against the repository).
constexpr std::string_view source_root = "%SRCROOT%";

// RFC 3986: a path's characters other than unreserved ones, '/' and sub-delimiters are
// percent-encoded (UTF-8 bytes one by one).
std::string uri_path(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

// Where a model file is, as a SARIF artifactLocation: relative paths against %SRCROOT%,
// absolute ones as file: URIs.
struct Artifact {
  std::string uri;
  bool is_relative = true;
};

Artifact artifact_of(const std::string& file) {
  const std::filesystem::path path = std::filesystem::path(file).lexically_normal();
  if (path.is_absolute()) return {"file://" + uri_path(path.generic_string()), false};
  return {uri_path(path.generic_string()), true};
}

void write_artifact_location(detail::JsonWriter& json, const Artifact& artifact) {
  json.key("artifactLocation").begin_object().member("uri", artifact.uri);
  if (artifact.is_relative) json.member("uriBaseId", source_root);
  json.member("index", std::int64_t{0}).end_object();
}

SourcePosition at(const std::vector<SourcePosition>& positions, std::uint32_t index) {
  return index < positions.size() ? positions[index] : SourcePosition{};
}

// The JSON object a finding is about: its flow, else its link, else the workload's
// placement entry naming the node (the workload object when the model file's placement does
// not name it), else the workload, the node, the data.
SourcePosition position_of(const Finding& finding, const SourceMap& map) {
  if (finding.flow != no_key) return at(map.flows, finding.flow);
  if (finding.link != no_key) return at(map.links, finding.link);
  if (finding.workload != no_key) {
    if (finding.node != no_key) {
      const SourcePosition placed = map.placement_of(finding.workload, finding.node);
      if (placed.is_known()) return placed;
    }
    return at(map.workloads, finding.workload);
  }
  if (finding.node != no_key) return at(map.nodes, finding.node);
  if (finding.data != no_key) return at(map.data, finding.data);
  return {};
}

void write_physical_location(detail::JsonWriter& json, const Artifact& artifact, SourcePosition position) {
  json.key("physicalLocation").begin_object();
  write_artifact_location(json, artifact);
  json.key("region")
      .begin_object()
      .member("startLine", static_cast<std::int64_t>(position.line))
      .member("startColumn", static_cast<std::int64_t>(position.column))
      .end_object()
      .end_object();
}

// Where physical locations come from: a filled source map naming a file.
struct Locations {
  const SourceMap* map = nullptr;
  Artifact artifact;
  bool has_physical() const { return map != nullptr; }
};

Locations locations_of(const ReportFormatOptions& options) {
  Locations locations;
  if (options.source_map != nullptr && !options.source_map->is_empty() && !options.source_map->file.empty()) {
    locations.map = options.source_map;
    locations.artifact = artifact_of(options.source_map->file);
  }
  return locations;
}

// GitHub's heading anchors, which docs/rules.md links to itself with: lower case, '.' dropped.
std::string rule_anchor(std::string_view rule) {
  std::string anchor;
  for (char c : rule)
    if (c != '.') anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return anchor;
}

std::int64_t control_index(const std::vector<std::string_view>& controls, std::string_view control) {
  for (std::size_t i = 0; i < controls.size(); ++i)
    if (controls[i] == control) return static_cast<std::int64_t>(i);
  return -1;
}

void write_rule(detail::JsonWriter& json, const RuleInfo& rule, const std::vector<std::string_view>& controls,
                const std::string& rules_uri) {
  std::string control_list;
  for (std::string_view control : rule.controls) {
    if (!control_list.empty()) control_list += "; ";
    control_list += control;
    if (const detail::ControlInfo* info = detail::find_control(control))
      control_list += " " + detail::full_title(*info);
  }
  std::string summary(rule.summary);
  if (!summary.empty()) summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
  json.begin_object().member("id", rule.name);
  write_text(json, "shortDescription", summary + ".");
  write_text(json, "fullDescription",
             summary + ". Severity " + std::string(to_string(rule.severity)) +
                 ". NIST SP 800-53 Rev. 5: " + control_list + ".");
  json.member("helpUri", rules_uri + "#" + rule_anchor(rule.name));
  json.key("help")
      .begin_object()
      .member("text", rule.remediation)
      .member("markdown", "**Remediation.** " + std::string(rule.remediation))
      .end_object();
  json.key("defaultConfiguration").begin_object().member("level", level_of(rule.severity)).end_object();
  json.key("relationships").begin_array();
  for (std::string_view control : rule.controls) {
    json.begin_object().key("target").begin_object().member("id", control);
    std::int64_t index = control_index(controls, control);
    if (index >= 0) json.member("index", index);
    json.key("toolComponent")
        .begin_object()
        .member("name", taxonomy_name)
        .member("index", std::int64_t{0})
        .end_object()
        .end_object();
    json.key("kinds").begin_array().value("relevant").end_array().end_object();
  }
  json.end_array();
  json.key("properties")
      .begin_object()
      .member("security-severity", security_severity(rule.severity))
      .member("precision", "very-high")
      .key("tags")
      .begin_array()
      .value("security");
  for (std::string_view control : rule.controls) json.value(control);
  json.end_array().end_object().end_object();
}

void write_taxonomy(detail::JsonWriter& json, const std::vector<std::string_view>& controls) {
  json.begin_object()
      .member("name", taxonomy_name)
      .member("version", "Rev. 5")
      .member("organization", "NIST")
      .member("informationUri", "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final");
  write_text(json, "shortDescription", "Security and Privacy Controls for Information Systems and Organizations");
  json.key("taxa").begin_array();
  for (std::string_view control : controls) {
    json.begin_object().member("id", control);
    if (const detail::ControlInfo* info = detail::find_control(control)) {
      json.member("name", detail::full_title(*info));
      write_text(json, "shortDescription", std::string(info->family) + ": " + detail::full_title(*info));
    }
    json.end_object();
  }
  json.end_array().end_object();
}

void write_code_flow(detail::JsonWriter& json, const Finding& finding, const Model& model,
                     const Locations& locations) {
  json.key("codeFlows").begin_array().begin_object();
  write_text(json, "message", "The route found: the data's label after each hop.");
  json.key("threadFlows").begin_array().begin_object().key("locations").begin_array();
  for (std::size_t i = 0; i < finding.path.size(); ++i) {
    const Hop& hop = finding.path[i];
    std::string text;
    if (hop.link == no_key)
      text = "start at `" + std::string(model.node_id(hop.node)) + "` carrying " + hop.label;
    else
      text = "cross `" + std::string(model.link_id(hop.link)) + "` to `" +
             std::string(model.node_id(hop.node)) + "` carrying " + hop.label;
    json.begin_object().key("location").begin_object();
    if (locations.has_physical()) {
      // The link crossed, or the node a route starts at.
      const SourcePosition position =
          hop.link != no_key ? at(locations.map->links, hop.link) : at(locations.map->nodes, hop.node);
      if (position.is_known()) write_physical_location(json, locations.artifact, position);
    }
    json.key("logicalLocations").begin_array();
    if (hop.node != no_key) write_logical_location(json, "nodes", model.node_id(hop.node));
    if (hop.link != no_key) write_logical_location(json, "links", model.link_id(hop.link));
    json.end_array();
    write_text(json, "message", text);
    json.end_object().member("executionOrder", static_cast<std::int64_t>(i)).end_object();
  }
  json.end_array().end_object().end_array().end_object().end_array();
}

// Spec waivers-v1 §3: a waived result is suppressed externally (the waivers file), and the
// suppression is accepted; its properties say which waiver, who approved it and until when.
void write_suppression(detail::JsonWriter& json, const Waiver& waiver) {
  json.key("suppressions")
      .begin_array()
      .begin_object()
      .member("kind", "external")
      .member("status", "accepted")
      .member("justification", waiver.justification)
      .key("properties")
      .begin_object()
      .member("waiver", waiver.id)
      .member("approvedBy", waiver.approved_by)
      .member("expires", waiver.expires.to_string());
  if (!waiver.ticket.empty()) json.member("ticket", waiver.ticket);
  json.end_object().end_object().end_array();
}

void write_result(detail::JsonWriter& json, const Report& report, const Finding& finding, const Model& model,
                  const Locations& locations) {
  const RuleInfo& rule = rule_info(finding.rule);
  json.begin_object()
      .member("ruleId", rule.name)
      .member("ruleIndex", static_cast<std::int64_t>(finding.rule))
      .member("level", level_of(finding.severity));
  write_text(json, "message", finding.message);
  json.key("locations").begin_array().begin_object();
  if (locations.has_physical()) {
    const SourcePosition position = position_of(finding, *locations.map);
    if (position.is_known()) write_physical_location(json, locations.artifact, position);
  }
  json.key("logicalLocations").begin_array();
  for (const detail::KeyRef& key : detail::finding_keys(finding, model))
    write_logical_location(json, key.collection, key.id);
  json.end_array().end_object().end_array();
  // The identity is the rule and its keys, never the message, so that rewording a message
  // does not make a result look new.
  json.key("partialFingerprints")
      .begin_object()
      .member("clearanceFinding/v1", detail::uuid_v5(detail::finding_identity(finding, model)))
      .end_object();
  if (!finding.path.empty()) write_code_flow(json, finding, model, locations);
  if (const Waiver* waiver = detail::waiver_of(report, finding)) write_suppression(json, *waiver);
  json.key("properties")
      .begin_object()
      .member("severity", to_string(finding.severity))
      .member("security-severity", security_severity(finding.severity))
      .key("controls")
      .begin_array();
  for (std::string_view control : rule.controls) json.value(control);
  json.end_array();
  if (const Waiver* expired = detail::expired_waiver_of(report, finding)) json.member("waiverExpired", expired->id);
  json.end_object().end_object();
}

void write_log(detail::JsonWriter& json, const Report& report, const Model& model,
               const ReportFormatOptions& options) {
  const std::vector<std::string_view> controls = detail::cited_controls();
  const Locations locations = locations_of(options);
  const std::string rules_uri = options.documentation_uri + "/blob/v" CLEARANCE_VERSION_STRING "/docs/rules.md";
  json.begin_object()
      .member("$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
      .member("version", "2.1.0")
      .key("runs")
      .begin_array()
      .begin_object();
  json.key("tool").begin_object().key("driver").begin_object();
  json.member("name", "clearance")
      .member("version", CLEARANCE_VERSION_STRING)
      .member("semanticVersion", CLEARANCE_VERSION_STRING)
      .member("informationUri", options.documentation_uri);
  json.key("supportedTaxonomies")
      .begin_array()
      .begin_object()
      .member("name", taxonomy_name)
      .member("index", std::int64_t{0})
      .end_object()
      .end_array();
  json.key("rules").begin_array();
  for (const RuleInfo& rule : rule_catalogue()) write_rule(json, rule, controls, rules_uri);
  json.end_array().end_object().end_object();
  json.key("taxonomies").begin_array();
  write_taxonomy(json, controls);
  json.end_array();
  json.key("invocations")
      .begin_array()
      .begin_object()
      .member("executionSuccessful", true)
      .member("endTimeUtc", options.timestamp)
      .end_object()
      .end_array();
  json.key("automationDetails").begin_object().member("id", "clearance/" + report.model + "/").end_object();
  if (locations.has_physical()) {
    // Columns count code points, as load errors do, not SARIF's default UTF-16 units.
    json.member("columnKind", "unicodeCodePoints");
    json.key("artifacts").begin_array().begin_object().key("location").begin_object().member("uri", locations.artifact.uri);
    if (locations.artifact.is_relative) json.member("uriBaseId", source_root);
    json.end_object().member("mimeType", "application/json").key("roles").begin_array().value("analysisTarget").end_array();
    json.end_object().end_array();
  }
  json.key("results").begin_array();
  for (const Finding& finding : report.findings) write_result(json, report, finding, model, locations);
  json.end_array();
  const Summary summary = report.summary();
  json.key("properties")
      .begin_object()
      .member("model", report.model)
      .key("summary")
      .begin_object()
      .member("findings", static_cast<std::int64_t>(summary.findings))
      .member("critical", static_cast<std::int64_t>(summary.critical))
      .member("high", static_cast<std::int64_t>(summary.high))
      .member("medium", static_cast<std::int64_t>(summary.medium))
      .member("low", static_cast<std::int64_t>(summary.low));
  if (report.waivers != nullptr) {
    json.member("waived", static_cast<std::int64_t>(summary.waived)).end_object().key("unusedWaivers").begin_array();
    for (std::uint32_t w : report.unused_waivers) json.value((*report.waivers)[w].id);
    json.end_array();
  } else {
    json.end_object();
  }
  json.end_object();
  json.end_object().end_array().end_object();
}

}  // namespace

std::string to_sarif(const Report& report, const Model& model, const ReportFormatOptions& options) {
  detail::check_timestamp(options.timestamp);
  detail::JsonWriter json;
  write_log(json, report, model, options);
  return json.finish();
}

void write_sarif(std::ostream& out, const Report& report, const Model& model, const ReportFormatOptions& options) {
  detail::check_timestamp(options.timestamp);
  detail::Output output(out);
  detail::JsonWriter json(output);
  write_log(json, report, model, options);
  json.finish();
}

}  // namespace v1
}  // namespace clearance
