// JUnit XML in the Ant schema that CI systems read: a testsuite per rule, a testcase per
// element the rule applies to, so that "120 tests, 3 failures" means something. Which
// elements a rule applies to is read off the model and its placement (enumeration, not
// analysis); every finding becomes the failure of its element's testcase.
#include <clearance/report_formats.hpp>

#include "report_common.hpp"
#include "report_waivers.hpp"

#include <unordered_map>

namespace clearance {
inline namespace v1 {

namespace {

struct TestCase {
  std::string name;                  // the rule's keys: "workload=w node=n data=d"
  const Finding* failure = nullptr;
};

class Suite {
 public:
  void add(std::string name) {
    if (index_.count(name) != 0) return;
    index_.emplace(name, cases_.size());
    cases_.push_back(TestCase{std::move(name)});
  }
  void fail(std::string name, const Finding& finding) {
    add(name);  // a finding the enumeration did not foresee still counts
    cases_[index_.at(name)].failure = &finding;
  }
  const std::vector<TestCase>& cases() const { return cases_; }

 private:
  std::vector<TestCase> cases_;
  std::unordered_map<std::string, std::size_t> index_;
};

std::string keys(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
  std::string text;
  for (const auto& [key, id] : pairs) {
    if (!text.empty()) text += ' ';
    text.append(key).append("=").append(id);
  }
  return text;
}

// The elements each rule of spec §4 applies to.
void enumerate(const Model& model, std::vector<Suite>& suites) {
  auto suite = [&](RuleId rule) -> Suite& { return suites[static_cast<std::size_t>(rule)]; };
  const Placement& placement = model.placement();
  for (WorkloadIndex w = 0; w < model.workloads().size(); ++w) {
    const Workload& workload = model.workloads()[w];
    std::string_view workload_id = model.workload_id(w);
    suite(RuleId::placement_missing).add(keys({{"workload", workload_id}}));
    if (!placement.is_placed(w)) continue;
    suite(RuleId::availability_replicas).add(keys({{"workload", workload_id}}));
    suite(RuleId::availability_zones).add(keys({{"workload", workload_id}}));
    for (NodeIndex n : placement.nodes_of(w)) {
      const Node& node = model.nodes()[n];
      std::string_view node_id = model.node_id(n);
      if (node.is_edge() && workload.max_staleness_h)
        suite(RuleId::edge_staleness).add(keys({{"workload", workload_id}, {"node", node_id}}));
      for (DataIndex d : workload.uses) {
        const Data& data = model.data()[d];
        std::string triple = keys({{"workload", workload_id}, {"node", node_id}, {"data", model.data_id(d)}});
        suite(RuleId::placement_level).add(triple);
        suite(RuleId::placement_compartments).add(triple);
        suite(RuleId::placement_release).add(triple);
        if (data.has_residency) suite(RuleId::placement_residency).add(triple);
        if (data.impact_level != no_impact_level) suite(RuleId::placement_impact_level).add(triple);
        if (node.is_edge()) suite(RuleId::edge_at_rest).add(triple);
      }
    }
  }
  for (NodeIndex n = 0; n < model.nodes().size(); ++n) {
    const Node& node = model.nodes()[n];
    if (node.has_capacity)
      for (ResourceIndex r = 0; r < model.resource_names().size(); ++r)
        suite(RuleId::capacity_exceeded).add(keys({{"node", model.node_id(n)}, {"resource", model.resource_name(r)}}));
    if (node.impact_level != no_impact_level) suite(RuleId::node_impact_level).add(keys({{"node", model.node_id(n)}}));
  }
  for (LinkIndex l = 0; l < model.links().size(); ++l) {
    if (!model.links()[l].is_transport()) continue;
    suite(RuleId::link_boundary).add(keys({{"link", model.link_id(l)}}));
    suite(RuleId::link_transport).add(keys({{"link", model.link_id(l)}}));
  }
  for (FlowIndex f = 0; f < model.flows().size(); ++f) {
    const Flow& flow = model.flows()[f];
    if (!placement.is_placed(flow.to)) continue;
    for (NodeIndex a : placement.nodes_of(flow.from)) {
      std::string pair = keys({{"flow", model.flow_id(f)}, {"node", model.node_id(a)}});
      suite(RuleId::flow_route).add(pair);
      if (flow.min_bandwidth_mbps) suite(RuleId::flow_bandwidth).add(pair);
      if (flow.max_latency_ms) suite(RuleId::flow_latency).add(pair);
    }
  }
}

std::string evidence(const Finding& finding, const Model& model) {
  const RuleInfo& rule = rule_info(finding.rule);
  std::string text = std::string(rule.name) + " (" + std::string(to_string(finding.severity)) + "; ";
  for (std::size_t i = 0; i < rule.controls.size(); ++i) text.append(i == 0 ? "" : ", ").append(rule.controls[i]);
  text += ")\n" + detail::key_text(finding, model) + "\n" + finding.message + "\n";
  if (!finding.path.empty()) {
    text += "route:\n";
    for (const Hop& hop : finding.path) {
      text += "  ";
      if (hop.link != no_key) text += "--" + std::string(model.link_id(hop.link)) + "--> ";
      text += std::string(model.node_id(hop.node)) + " (" + hop.label + ")\n";
    }
  }
  text += "remediation: " + std::string(rule.remediation) + "\n";
  return text;
}

void attribute(std::string& out, std::string_view name, std::string_view value) {
  out.append(" ").append(name).append("=\"");
  detail::append_xml_escaped(out, value);
  out += '"';
}

}  // namespace

std::string to_junit(const Report& report, const Model& model, const ReportFormatOptions& options) {
  detail::check_timestamp(options.timestamp);
  // The Ant schema's timestamp has no zone; ours is always UTC.
  const std::string timestamp = options.timestamp.substr(0, options.timestamp.size() - 1);
  std::vector<Suite> suites(rule_count);
  enumerate(model, suites);
  for (const Finding& finding : report.findings)
    suites[static_cast<std::size_t>(finding.rule)].fail(detail::key_text(finding, model), finding);

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (std::size_t r = 0; r < rule_count; ++r) {
    const RuleInfo& rule = rule_catalogue()[r];
    const std::vector<TestCase>& cases = suites[r].cases();
    std::size_t failures = 0, skipped = 0;
    for (const TestCase& test : cases) {
      if (test.failure == nullptr) continue;
      if (test.failure->is_waived()) ++skipped;
      else ++failures;
    }
    out += "  <testsuite";
    attribute(out, "name", rule.name);
    attribute(out, "package", "clearance");
    attribute(out, "id", std::to_string(r));
    attribute(out, "timestamp", timestamp);
    attribute(out, "hostname", "localhost");
    attribute(out, "tests", std::to_string(cases.size()));
    attribute(out, "failures", std::to_string(failures));
    attribute(out, "errors", "0");
    attribute(out, "skipped", std::to_string(skipped));
    attribute(out, "time", "0");
    out += ">\n    <properties>\n";
    std::string controls;
    for (std::size_t i = 0; i < rule.controls.size(); ++i) controls.append(i == 0 ? "" : ", ").append(rule.controls[i]);
    for (const auto& [name, value] : {std::pair<std::string_view, std::string_view>{"model", report.model},
                                      {"severity", to_string(rule.severity)},
                                      {"controls", controls},
                                      {"summary", rule.summary}}) {
      out += "      <property";
      attribute(out, "name", name);
      attribute(out, "value", value);
      out += "/>\n";
    }
    out += "    </properties>\n";
    for (const TestCase& test : cases) {
      out += "    <testcase";
      attribute(out, "name", test.name);
      attribute(out, "classname", rule.name);
      attribute(out, "time", "0");
      if (test.failure == nullptr) {
        out += "/>\n";
        continue;
      }
      // Spec waivers-v1 §3: a waived finding is a skipped test, with the justification.
      if (const Waiver* waiver = detail::waiver_of(report, *test.failure)) {
        out += ">\n      <skipped";
        attribute(out, "message", "waived by " + detail::waiver_line(*waiver) + ": " + waiver->justification);
        out += '>';
        detail::append_xml_escaped(out, "justification: " + waiver->justification + "\n" + evidence(*test.failure, model));
        out += "</skipped>\n    </testcase>\n";
        continue;
      }
      out += ">\n      <failure";
      attribute(out, "message", test.failure->message);
      attribute(out, "type", to_string(test.failure->severity));
      out += '>';
      std::string body = evidence(*test.failure, model);
      if (const Waiver* expired = detail::expired_waiver_of(report, *test.failure))
        body += "not waived: " + detail::expired_line(*expired) + "\n";
      detail::append_xml_escaped(out, body);
      out += "</failure>\n    </testcase>\n";
    }
    out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace v1
}  // namespace clearance
