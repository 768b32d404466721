// OSCAL assessment results 1.1.2 for assessors (FedRAMP, DoD). One result reviews every
// control the rules cite; each control gets a finding (satisfied or not); each clearance
// finding is an observation with its evidence. UUIDs are version 5 of names built from the
// model name and the finding's identity, so regenerating a report keeps its UUIDs.
#include <clearance/report_formats.hpp>

#include "report_common.hpp"
#include "report_waivers.hpp"

#include <set>

namespace clearance {
inline namespace v1 {

namespace {

constexpr std::string_view clearance_ns = "urn:clearance";

std::string_view component_type(std::string_view collection) {
  if (collection == "nodes") return "system";
  if (collection == "links" || collection == "flows") return "interconnection";
  if (collection == "workloads") return "software";
  return "information";  // data; OSCAL allows types beyond its list
}

std::string describe(const Model& model, std::string_view collection, std::uint32_t index) {
  if (collection == "nodes") {
    const Node& node = model.nodes()[index];
    return "Node `" + std::string(model.node_id(index)) + "` (" + std::string(to_string(node.kind)) +
           " in " + std::string(country_code(node.jurisdiction)) + "), accredited " + model.accreditation_of(index) + ".";
  }
  if (collection == "links") {
    const Link& link = model.links()[index];
    return "Link `" + std::string(model.link_id(index)) + "` (" + std::string(to_string(link.kind)) + ") from `" +
           std::string(model.node_id(link.from)) + "` to `" + std::string(model.node_id(link.to)) + "`.";
  }
  if (collection == "workloads") return "Workload `" + std::string(model.workload_id(index)) + "`.";
  if (collection == "flows") {
    const Flow& flow = model.flows()[index];
    return "Flow `" + std::string(model.flow_id(index)) + "` of data `" + std::string(model.data_id(flow.data)) +
           "` from workload `" + std::string(model.workload_id(flow.from)) + "` to workload `" +
           std::string(model.workload_id(flow.to)) + "`.";
  }
  return "Data `" + std::string(model.data_id(index)) + "` marked " + model.marking_of(index) + ".";
}

struct Subject {
  std::string_view collection;
  std::uint32_t index;
  std::string_view id;
};

// The model elements a finding names, as OSCAL subjects (a resource is not an element: the
// node it is short of is).
std::vector<Subject> subjects_of(const Finding& finding, const Model& model) {
  std::vector<Subject> subjects;
  if (finding.workload != no_key) subjects.push_back({"workloads", finding.workload, model.workload_id(finding.workload)});
  if (finding.flow != no_key) subjects.push_back({"flows", finding.flow, model.flow_id(finding.flow)});
  if (finding.link != no_key) subjects.push_back({"links", finding.link, model.link_id(finding.link)});
  if (finding.node != no_key) subjects.push_back({"nodes", finding.node, model.node_id(finding.node)});
  if (finding.data != no_key) subjects.push_back({"data", finding.data, model.data_id(finding.data)});
  return subjects;
}

// OSCAL property values are non-empty with no white space at either end and no line
// breaks: runs of white space become one space, the ends are trimmed.
std::string prop_value(std::string_view text) {
  std::string value;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !value.empty();
      continue;
    }
    if (space) value += ' ';
    space = false;
    value += c;
  }
  return value;
}

// The end of a waiver's last day as an OSCAL date-time, which only has the years 1900 to
// 2999; "" for a date outside them.
std::string end_of_day(Date date) {
  if (date.year() < 1900 || date.year() > 2999) return {};
  return date.to_string() + "T23:59:59Z";
}

class OscalWriter {
 public:
  OscalWriter(const Report& report, const Model& model, const ReportFormatOptions& options)
      : report_(report), model_(model), options_(options) {}

  std::string write() {
    json_.begin_object().key("assessment-results").begin_object();
    json_.member("uuid", uuid("assessment-results"));
    write_metadata();
    json_.key("import-ap").begin_object().member("href", "#").end_object();
    json_.key("results").begin_array();
    write_result();
    json_.end_array().end_object().end_object();
    return json_.finish();
  }

 private:
  std::string uuid(std::string_view what) const {
    return detail::uuid_v5("oscal " + report_.model + " " + std::string(what));
  }
  std::string component_uuid(std::string_view collection, std::string_view id) const {
    return uuid("component " + std::string(collection) + "/" + std::string(id));
  }
  std::string observation_uuid(const Finding& finding) const {
    return uuid("observation " + detail::finding_identity(finding, model_));
  }
  std::string risk_uuid(const Finding& finding) const {
    return uuid("risk " + detail::finding_identity(finding, model_));
  }

  void prop(std::string_view name, std::string_view value) {
    const std::string text = prop_value(value);
    if (!text.empty()) json_.begin_object().member("name", name).member("ns", clearance_ns).member("value", text).end_object();
  }

  // Spec waivers-v1 §3: with a waivers file, each finding is also a risk: open, or, when a
  // waiver holds, deviation-approved with the waiver in its risk log.
  void write_risk(const Finding& finding) {
    const RuleInfo& rule = rule_info(finding.rule);
    const Waiver* waiver = detail::waiver_of(report_, finding);
    const Waiver* expired = detail::expired_waiver_of(report_, finding);
    std::string controls;
    for (std::string_view control : rule.controls) controls.append(controls.empty() ? "" : ", ").append(control);
    json_.begin_object()
        .member("uuid", risk_uuid(finding))
        .member("title", detail::finding_identity(finding, model_))
        .member("description", finding.message)
        .member("statement", "A " + std::string(to_string(finding.severity)) + "-severity violation of " +
                                 std::string(rule.name) + " (NIST SP 800-53 " + controls + "): " +
                                 std::string(rule.summary) + ". Remediation: " + std::string(rule.remediation));
    json_.key("props").begin_array();
    prop("rule", rule.name);
    prop("severity", to_string(finding.severity));
    if (waiver != nullptr) {
      prop("waiver", waiver->id);
      prop("approved-by", waiver->approved_by);
      if (!waiver->ticket.empty()) prop("ticket", waiver->ticket);
    }
    if (expired != nullptr) prop("waiver-expired", expired->id);
    json_.end_array();
    json_.member("status", waiver != nullptr ? "deviation-approved" : "open");
    const std::string end = waiver != nullptr ? end_of_day(waiver->expires) : std::string();
    if (!end.empty()) json_.member("deadline", end);
    if (waiver != nullptr) {
      // The log's one entry: the deviation, in force from this check to the waiver's end
      // (clearance does not know when it was approved).
      json_.key("risk-log")
          .begin_object()
          .key("entries")
          .begin_array()
          .begin_object()
          .member("uuid", uuid("risk-log " + detail::finding_identity(finding, model_) + " " + waiver->id))
          .member("title", "Deviation approved: waiver " + waiver->id)
          .member("description", "W" + detail::waiver_line(*waiver).substr(1) + ": " + waiver->justification)
          .member("start", options_.timestamp);
      if (!end.empty()) json_.member("end", end);
      json_.member("status-change", "deviation-approved").end_object().end_array().end_object();
    }
    json_.key("related-observations")
        .begin_array()
        .begin_object()
        .member("observation-uuid", observation_uuid(finding))
        .end_object()
        .end_array();
    json_.end_object();
  }

  void write_metadata() {
    json_.key("metadata")
        .begin_object()
        .member("title", "clearance assessment of model " + report_.model)
        .member("last-modified", options_.timestamp)
        .member("version", CLEARANCE_VERSION_STRING)
        .member("oscal-version", "1.1.2")
        .member("remarks",
                "Generated by clearance " CLEARANCE_VERSION_STRING
                " from a static check of the deployment model against the rules of its spec section 4. "
                "The assessment plan is not known to clearance: import-ap points nowhere.")
        .end_object();
  }

  void write_local_definitions() {
    json_.key("local-definitions").begin_object().key("components").begin_array();
    json_.begin_object()
        .member("uuid", uuid("component tool"))
        .member("type", "software")
        .member("title", "clearance " CLEARANCE_VERSION_STRING)
        .member("description", "The clearance checker, which produced every observation of this result.")
        .key("status")
        .begin_object()
        .member("state", "operational")
        .end_object()
        .end_object();
    // Each model element some finding names, once, in model order per collection.
    std::set<std::pair<std::string_view, std::uint32_t>> elements;
    for (const Finding& finding : report_.findings)
      for (const Subject& subject : subjects_of(finding, model_)) elements.insert({subject.collection, subject.index});
    for (std::string_view collection : {"nodes", "links", "data", "workloads", "flows"})
      for (const auto& key : elements) {
        if (key.first != collection) continue;
        std::string_view id = collection == "nodes"       ? model_.node_id(key.second)
                              : collection == "links"     ? model_.link_id(key.second)
                              : collection == "data"      ? model_.data_id(key.second)
                              : collection == "workloads" ? model_.workload_id(key.second)
                                                          : model_.flow_id(key.second);
        json_.begin_object()
            .member("uuid", component_uuid(collection, id))
            .member("type", component_type(collection))
            .member("title", std::string(collection) + "/" + std::string(id))
            .member("description", describe(model_, collection, key.second))
            .key("status")
            .begin_object()
            .member("state", "operational")
            .end_object()
            .end_object();
      }
    json_.end_array().end_object();
  }

  void write_observation(const Finding& finding) {
    const RuleInfo& rule = rule_info(finding.rule);
    json_.begin_object()
        .member("uuid", observation_uuid(finding))
        .member("title", detail::finding_identity(finding, model_))
        .member("description", finding.message);
    json_.key("props").begin_array();
    json_.begin_object().member("name", "rule").member("ns", clearance_ns).member("value", rule.name).end_object();
    json_.begin_object()
        .member("name", "severity")
        .member("ns", clearance_ns)
        .member("value", to_string(finding.severity))
        .end_object();
    json_.end_array();
    json_.key("methods").begin_array().value("TEST").end_array();
    json_.key("types").begin_array().value("finding").end_array();
    json_.key("origins")
        .begin_array()
        .begin_object()
        .key("actors")
        .begin_array()
        .begin_object()
        .member("type", "tool")
        .member("actor-uuid", uuid("component tool"))
        .end_object()
        .end_array()
        .end_object()
        .end_array();
    std::vector<Subject> subjects = subjects_of(finding, model_);
    if (!subjects.empty()) {
      json_.key("subjects").begin_array();
      for (const Subject& subject : subjects)
        json_.begin_object()
            .member("subject-uuid", component_uuid(subject.collection, subject.id))
            .member("type", "component")
            .member("title", std::string(subject.collection) + "/" + std::string(subject.id))
            .end_object();
      json_.end_array();
    }
    json_.key("relevant-evidence").begin_array();
    json_.begin_object().member("description", "clearance finding " + detail::finding_identity(finding, model_) +
                                                   " (" + std::string(to_string(finding.severity)) + "): " +
                                                   finding.message);
    if (!finding.path.empty()) {
      std::string route = "Route found:";
      for (const Hop& hop : finding.path) {
        route += hop.link == no_key ? " " : " --" + std::string(model_.link_id(hop.link)) + "--> ";
        route += std::string(model_.node_id(hop.node)) + " (" + hop.label + ")";
      }
      json_.member("remarks", route);
    }
    json_.end_object().end_array();
    json_.member("collected", options_.timestamp).end_object();
  }

  void write_finding(std::string_view control) {
    const detail::ControlInfo* info = detail::find_control(control);
    std::string oscal_id = info != nullptr ? std::string(info->oscal_id) : std::string(control);
    std::string title = std::string(control) + (info != nullptr ? " " + detail::full_title(*info) : "");
    std::vector<const Finding*> evidence;
    std::string rules;
    for (const RuleInfo& rule : rule_catalogue()) {
      bool cites = false;
      for (std::string_view cited : rule.controls) cites = cites || cited == control;
      if (!cites) continue;
      rules += (rules.empty() ? "" : ", ") + std::string(rule.name);
      for (const Finding& finding : report_.findings)
        if (finding.rule == rule.id) evidence.push_back(&finding);
    }
    const bool satisfied = evidence.empty();
    std::string description =
        satisfied ? "clearance found no violation of the rules that enforce " + std::string(control) + " (" + rules + ")."
                  : "clearance found " + std::to_string(evidence.size()) + " violation" +
                        (evidence.size() == 1 ? "" : "s") + " of the rules that enforce " + std::string(control) +
                        " (" + rules + "); see the related observations.";
    json_.begin_object()
        .member("uuid", uuid("finding " + std::string(control)))
        .member("title", title)
        .member("description", description);
    json_.key("target")
        .begin_object()
        .member("type", "objective-id")
        .member("target-id", oscal_id + "_obj")
        .member("title", title)
        .key("status")
        .begin_object()
        .member("state", satisfied ? "satisfied" : "not-satisfied")
        .member("reason", satisfied ? "pass" : "fail")
        .end_object()
        .end_object();
    if (!evidence.empty()) {
      json_.key("related-observations").begin_array();
      for (const Finding* finding : evidence)
        json_.begin_object().member("observation-uuid", observation_uuid(*finding)).end_object();
      json_.end_array();
      if (report_.waivers != nullptr) {
        json_.key("related-risks").begin_array();
        for (const Finding* finding : evidence) json_.begin_object().member("risk-uuid", risk_uuid(*finding)).end_object();
        json_.end_array();
      }
    }
    json_.end_object();
  }

  void write_result() {
    const Summary summary = report_.summary();
    const std::vector<std::string_view> controls = detail::cited_controls();
    json_.begin_object()
        .member("uuid", uuid("result"))
        .member("title", "clearance check of model " + report_.model)
        .member("description", "A static check of the deployment model `" + report_.model + "`: " +
                                   std::to_string(summary.findings) + " findings (" +
                                   std::to_string(summary.critical) + " critical, " + std::to_string(summary.high) +
                                   " high, " + std::to_string(summary.medium) + " medium, " +
                                   std::to_string(summary.low) + " low).")
        .member("start", options_.timestamp)
        .member("end", options_.timestamp);
    write_local_definitions();
    json_.key("reviewed-controls").begin_object().key("control-selections").begin_array().begin_object();
    json_.key("include-controls").begin_array();
    for (std::string_view control : controls) {
      const detail::ControlInfo* info = detail::find_control(control);
      json_.begin_object()
          .member("control-id", info != nullptr ? info->oscal_id : control)
          .end_object();
    }
    json_.end_array().end_object().end_array().end_object();
    if (!report_.findings.empty()) {
      json_.key("observations").begin_array();
      for (const Finding& finding : report_.findings) write_observation(finding);
      json_.end_array();
    }
    if (report_.waivers != nullptr && !report_.findings.empty()) {
      json_.key("risks").begin_array();
      for (const Finding& finding : report_.findings) write_risk(finding);
      json_.end_array();
    }
    json_.key("findings").begin_array();
    for (std::string_view control : controls) write_finding(control);
    json_.end_array();
    json_.end_object();
  }

  const Report& report_;
  const Model& model_;
  const ReportFormatOptions& options_;
  detail::JsonWriter json_;
};

}  // namespace

std::string to_oscal(const Report& report, const Model& model, const ReportFormatOptions& options) {
  detail::check_timestamp(options.timestamp);
  return OscalWriter(report, model, options).write();
}

}  // namespace v1
}  // namespace clearance
