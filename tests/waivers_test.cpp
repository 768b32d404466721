// Tests of waivers.hpp (spec waivers-v1): which findings a waivers file waives, which
// waivers are unused, expired or expiring; the loader's errors (pointer, line:column, "did
// you mean"); every report format with waivers, against golden files. After an intended
// change, regenerate the golden files with
//   CLEARANCE_UPDATE_GOLDEN=1 build/tests/clearance_tests -ts=waivers
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>
#include <clearance/report_formats.hpp>
#include <clearance/waivers.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace clearance;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& pattern) {
  std::size_t found = 0;
  for (std::size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1)) ++found;
  return found;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Date date(const char* text) {
  Date out;
  REQUIRE(parse_date(text, out));
  return out;
}

// Five placement.level findings (w1 on n1 and n2 with d1 and d2, w2 on n1 with d1) and one
// placement.missing (w3).
const char* const model_json = R"({"clearance": 1, "name": "w",
  "nodes": [{"id": "n1", "jurisdiction": "USA", "accredited": "CUI"},
            {"id": "n2", "jurisdiction": "USA", "accredited": "CUI"}],
  "data": [{"id": "d1", "marking": "SECRET"}, {"id": "d2", "marking": "SECRET"}],
  "workloads": [{"id": "w1", "uses": ["d1", "d2"]}, {"id": "w2", "uses": ["d1"]}, {"id": "w3"}],
  "placement": {"w1": ["n1", "n2"], "w2": ["n1"]}})";

const Model& test_model() {
  static const Model model = load_model_json(model_json, "w.json");
  return model;
}

// A waivers file of the given waiver objects (their bodies, without braces); each gets the
// required fields it does not set.
std::string waivers_json(const std::vector<std::string>& waivers) {
  std::string text = "{\"clearance\": 1, \"waivers\": [";
  for (std::size_t i = 0; i < waivers.size(); ++i) {
    text += i == 0 ? "\n  {" : ",\n  {";
    text += waivers[i];
    if (!contains(waivers[i], "\"id\"")) text += ", \"id\": \"W" + std::to_string(i) + "\"";
    if (!contains(waivers[i], "\"justification\"")) text += ", \"justification\": \"accepted\"";
    if (!contains(waivers[i], "\"approved_by\"")) text += ", \"approved_by\": \"AO\"";
    if (!contains(waivers[i], "\"expires\"")) text += ", \"expires\": \"2030-01-01\"";
    text += "}";
  }
  return text + "]}";
}

// The test model's report with the waivers applied on `today`.
Report waived_report(const std::vector<std::string>& waivers, const char* today = "2026-06-01",
                     int warn_days = 30) {
  const Model& model = test_model();
  auto loaded = std::make_shared<const Waivers>(load_waivers_json(waivers_json(waivers), model, "v.json"));
  Report report = check(model);
  WaiverOptions options;
  options.today = date(today);
  options.warn_expiring_days = warn_days;
  apply_waivers(report, model, loaded, options);
  return report;
}

// The finding of `rule` with these workload/node/data ids (any when empty).
const Finding& finding_of(const Report& report, RuleId rule, const std::string& workload,
                          const std::string& node = "", const std::string& data = "") {
  const Model& model = test_model();
  for (const Finding& finding : report.findings) {
    if (finding.rule != rule) continue;
    if (model.workload_id(finding.workload) != workload) continue;
    if (!node.empty() && model.node_id(finding.node) != node) continue;
    if (!data.empty() && model.data_id(finding.data) != data) continue;
    return finding;
  }
  FAIL("no such finding");
  static const Finding none{};
  return none;
}

std::vector<std::string> waived_ids(const Report& report) {
  std::vector<std::string> ids;
  for (const Finding& finding : report.findings)
    ids.push_back(finding.is_waived() ? (*report.waivers)[finding.waiver].id : "-");
  return ids;
}

std::vector<std::string> ids_of(const Report& report, const std::vector<std::uint32_t>& indices) {
  std::vector<std::string> ids;
  for (std::uint32_t w : indices) ids.push_back((*report.waivers)[w].id);
  return ids;
}

// Every diagnostic of loading `json` as "v.json" against the test model.
std::vector<Diagnostic> errors_of(const std::string& json) {
  try {
    load_waivers_json(json, test_model(), "v.json");
  } catch (const input_error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.diagnostics();
  }
  FAIL_CHECK("the waivers loaded: " << json);
  return {};
}

Diagnostic only_error(const std::string& json) {
  const std::vector<Diagnostic> errors = errors_of(json);
  if (errors.size() != 1)
    for (const auto& e : errors) MESSAGE(e.to_string());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == "v.json");
  return errors[0];
}

}  // namespace

TEST_SUITE("waivers") {

// ---- meaning (spec waivers-v1 §2) --------------------------------------------------------

TEST_CASE("a waiver naming every key waives exactly that finding") {
  Report report = waived_report({R"("rule": "placement.level", "workload": "w1", "node": "n2", "data": "d1")"});
  CHECK(finding_of(report, RuleId::placement_level, "w1", "n2", "d1").is_waived());
  CHECK(report.summary().waived == 1);
  CHECK(report.unused_waivers.empty());
}

TEST_CASE("an absent key and a star both match any value") {
  Report absent = waived_report({R"("rule": "placement.level", "workload": "w1")"});
  Report star = waived_report({R"("rule": "placement.level", "workload": "w1", "node": "*", "data": "*")"});
  CHECK(absent.summary().waived == 4);
  CHECK(waived_ids(absent) == waived_ids(star));
  CHECK_FALSE(finding_of(absent, RuleId::placement_level, "w2").is_waived());
}

TEST_CASE("a prefix ending in .* matches every rule of that family") {
  Report report = waived_report({R"("rule": "placement.*")"});
  CHECK(report.summary().waived == report.summary().findings);
}

TEST_CASE("a waiver giving a key never matches a finding without that key") {
  // placement.missing has no node: the waiver covers the rule but cannot match w3's finding.
  Report report = waived_report({R"("rule": "placement.*", "node": "n1")"});
  CHECK_FALSE(finding_of(report, RuleId::placement_missing, "w3").is_waived());
  CHECK(finding_of(report, RuleId::placement_level, "w2", "n1", "d1").is_waived());
  CHECK_FALSE(finding_of(report, RuleId::placement_level, "w1", "n2", "d1").is_waived());
}

TEST_CASE("a waiver holds through its expiry day and not after") {
  const std::string waiver = R"("id": "RA-1", "rule": "placement.missing", "expires": "2026-06-01")";
  Report on_the_day = waived_report({waiver}, "2026-06-01");
  CHECK(finding_of(on_the_day, RuleId::placement_missing, "w3").is_waived());
  CHECK(on_the_day.expired_waivers.empty());
  Report after = waived_report({waiver}, "2026-06-02");
  const Finding& finding = finding_of(after, RuleId::placement_missing, "w3");
  CHECK_FALSE(finding.is_waived());
  REQUIRE(finding.expired_waiver != no_key);
  CHECK((*after.waivers)[finding.expired_waiver].id == "RA-1");
  CHECK(ids_of(after, after.expired_waivers) == std::vector<std::string>{"RA-1"});
  // An expired waiver that matches a finding is not unused: the finding names it.
  CHECK(after.unused_waivers.empty());
}

TEST_CASE("the first waiver in file order that holds waives the finding") {
  Report report = waived_report({R"("id": "old", "rule": "placement.missing", "expires": "2020-01-01")",
                                 R"("id": "first", "rule": "placement.missing", "workload": "w3")",
                                 R"("id": "second", "rule": "placement.*")"});
  const Finding& finding = finding_of(report, RuleId::placement_missing, "w3");
  CHECK((*report.waivers)[finding.waiver].id == "first");
  CHECK(finding.expired_waiver == no_key);  // waived: no expired waiver is named
  CHECK(report.unused_waivers.empty());     // each matched some finding
}

TEST_CASE("a finding that only expired waivers match names the first of them") {
  Report report = waived_report({R"("id": "a", "rule": "placement.level", "workload": "w2", "expires": "2021-01-01")",
                                 R"("id": "b", "rule": "placement.level", "expires": "2020-01-01")"});
  const Finding& finding = finding_of(report, RuleId::placement_level, "w2");
  CHECK_FALSE(finding.is_waived());
  CHECK((*report.waivers)[finding.expired_waiver].id == "a");
  CHECK((*report.waivers)[finding_of(report, RuleId::placement_level, "w1", "n1", "d1").expired_waiver].id == "b");
  CHECK(report.summary().waived == 0);
}

TEST_CASE("a waiver that matches no finding is unused, in file order") {
  Report report = waived_report({R"("id": "x", "rule": "flow.*")", R"("id": "y", "rule": "placement.missing")",
                                 R"("id": "z", "rule": "capacity.exceeded", "resource": "gpu")"});
  CHECK(ids_of(report, report.unused_waivers) == std::vector<std::string>{"x", "z"});
}

TEST_CASE("waivers that expire within the warning window are listed as expiring") {
  Report report = waived_report({R"("id": "soon", "rule": "placement.missing", "expires": "2026-06-30")",
                                 R"("id": "today", "rule": "placement.level", "expires": "2026-06-01")",
                                 R"("id": "later", "rule": "placement.level", "expires": "2026-07-02")"},
                                "2026-06-01", 30);
  CHECK(ids_of(report, report.expiring_waivers) == std::vector<std::string>{"soon", "today"});
  Report none = waived_report({R"("id": "soon", "rule": "placement.missing", "expires": "2026-06-30")"},
                              "2026-06-01", 10);
  CHECK(none.expiring_waivers.empty());
}

TEST_CASE("waived findings still count in the summary but not for the exit status") {
  Report report = waived_report({R"("rule": "placement.level")"});
  const Summary summary = report.summary();
  CHECK(summary.findings == 6);
  CHECK(summary.critical == 5);
  CHECK(summary.waived == 5);
  CHECK_FALSE(report.has_findings_at_or_above(Severity::critical));
  CHECK(report.has_findings_at_or_above(Severity::medium));  // placement.missing is not waived
}

TEST_CASE("Waivers::match agrees with apply_waivers") {
  const Model& model = test_model();
  Waivers waivers = load_waivers_json(
      waivers_json({R"("rule": "placement.level", "node": "n2", "expires": "2020-01-01")",
                    R"("rule": "placement.level", "data": "d2")"}),
      model);
  Report report = check(model);
  for (const Finding& finding : report.findings) {
    const WaiverMatch match = waivers.match(finding, date("2026-06-01"));
    const bool n2 = finding.node != no_key && model.node_id(finding.node) == "n2";
    const bool d2 = finding.data != no_key && model.data_id(finding.data) == "d2";
    CHECK(match.waiver == (d2 ? 1u : no_key));
    CHECK(match.expired == (n2 && !d2 ? 0u : no_key));
  }
}

TEST_CASE("applying waivers again replaces, and applying none clears") {
  const Model& model = test_model();
  Report report = waived_report({R"("rule": "placement.*")"});
  REQUIRE(report.summary().waived == 6);
  apply_waivers(report, model, nullptr);
  CHECK(report.summary().waived == 0);
  CHECK(report.waivers == nullptr);
  CHECK(to_json(report, model) == to_json(check(model), model));
}

TEST_CASE("waivers loaded for one model are refused for another model's report") {
  Model other = load_model_json(R"({"clearance": 1, "workloads": [{"id": "w3"}]})");
  auto waivers = std::make_shared<const Waivers>(
      load_waivers_json(waivers_json({R"("rule": "placement.missing", "workload": "w3")"}), test_model()));
  Report report = check(other);
  CHECK_THROWS_AS(apply_waivers(report, other, waivers), error);
  CHECK(report.waivers == nullptr);
}

TEST_CASE("indexed matching agrees with trying every waiver on a generated estate") {
  GenerateOptions generate;
  generate.nodes = 64;
  generate.workloads = 1000;
  generate.flows = 800;
  generate.seed = 7;
  Model model = load_model_json(generate_estate(generate));
  Report report = check(model);
  REQUIRE(report.findings.size() > 150);
  // Waivers made from findings, with keys dropped or starred at random, some for rule
  // families, some expired, and some for elements that have no finding.
  std::mt19937 random(19);
  std::string text = "{\"clearance\": 1, \"waivers\": [";
  for (int i = 0; i < 150; ++i) {
    const Finding& finding = report.findings[random() % report.findings.size()];
    std::string rule(rule_info(finding.rule).name);
    if (random() % 5 == 0) rule = rule.substr(0, rule.find('.')) + ".*";
    text += i == 0 ? "{" : ",{";
    text += "\"id\": \"R" + std::to_string(i) + "\", \"rule\": \"" + rule + "\"";
    auto key = [&](const char* name, std::uint32_t value, std::string_view id) {
      if (value == no_key || random() % 3 == 0) return;
      text += std::string(", \"") + name + "\": \"" + (random() % 4 == 0 ? std::string("*") : std::string(id)) + "\"";
    };
    if (finding.workload != no_key)
      key("workload", finding.workload,
          model.workload_id(random() % 6 == 0 ? static_cast<WorkloadIndex>(random() % model.workloads().size())
                                             : finding.workload));
    if (finding.node != no_key) key("node", finding.node, model.node_id(finding.node));
    if (finding.data != no_key) key("data", finding.data, model.data_id(finding.data));
    if (finding.flow != no_key) key("flow", finding.flow, model.flow_id(finding.flow));
    if (finding.resource != no_key) key("resource", finding.resource, model.resource_name(finding.resource));
    text += ", \"justification\": \"j\", \"approved_by\": \"a\", \"expires\": \"";
    text += random() % 4 == 0 ? "2020-01-01" : "2030-01-01";
    text += "\"}";
  }
  text += "]}";
  auto waivers = std::make_shared<const Waivers>(load_waivers_json(text, model));
  const Date today = date("2026-06-01");
  WaiverOptions options;
  options.today = today;
  apply_waivers(report, model, waivers, options);
  std::vector<bool> used(waivers->size(), false);
  std::size_t waived = 0;
  for (const Finding& finding : report.findings) {
    std::uint32_t first = no_key, first_expired = no_key;
    for (std::uint32_t w = 0; w < waivers->size(); ++w) {
      const Waiver& waiver = (*waivers)[w];
      if (!waiver.matches(finding)) continue;
      used[w] = true;
      if (waiver.holds_on(today)) first = std::min(first, w);
      else first_expired = std::min(first_expired, w);
    }
    CHECK(finding.waiver == first);
    CHECK(finding.expired_waiver == (first == no_key ? first_expired : no_key));
    waived += first != no_key;
  }
  std::vector<std::uint32_t> unused;
  for (std::uint32_t w = 0; w < waivers->size(); ++w)
    if (!used[w]) unused.push_back(w);
  CHECK(report.unused_waivers == unused);
  CHECK(waived > 0);
  CHECK(waived < report.findings.size());
}

// ---- the file (spec waivers-v1 §1) -----------------------------------------------------

TEST_CASE("a waiver keeps what the file says") {
  Waivers waivers = load_waivers_json(
      R"({"clearance": 1, "waivers": [{"id": "RA-2026-014", "rule": "placement.level", "workload": "w1",
           "node": "*", "data": "d1", "justification": "why", "approved_by": "AO, JWCC-S",
           "expires": "2027-03-31", "ticket": "POAM-118"}]})",
      test_model(), "v.json");
  REQUIRE(waivers.size() == 1);
  const Waiver& waiver = waivers[0];
  CHECK(waivers.file() == "v.json");
  CHECK(waiver.id == "RA-2026-014");
  CHECK(waiver.rule == "placement.level");
  CHECK(waiver.covers(RuleId::placement_level));
  CHECK_FALSE(waiver.covers(RuleId::placement_release));
  CHECK(waiver.keys[static_cast<std::size_t>(WaiverKey::workload)] == *test_model().workload_ids().find("w1"));
  CHECK(waiver.keys[static_cast<std::size_t>(WaiverKey::node)] == any_value);
  CHECK(waiver.justification == "why");
  CHECK(waiver.approved_by == "AO, JWCC-S");
  CHECK(waiver.expires.to_string() == "2027-03-31");
  CHECK(waiver.ticket == "POAM-118");
}

TEST_CASE("an empty list of waivers loads") {
  CHECK(load_waivers_json(R"({"clearance": 1, "waivers": []})", test_model()).size() == 0);
}

TEST_CASE("a resource the model does not name is allowed and matches nothing") {
  Report report = waived_report({R"("id": "r", "rule": "capacity.exceeded", "resource": "quantum")"});
  CHECK(ids_of(report, report.unused_waivers) == std::vector<std::string>{"r"});
}

TEST_CASE("an unknown rule is an error with the nearest rule id") {
  Diagnostic e = only_error(waivers_json({R"("rule": "placement.levle")"}));
  CHECK(e.pointer == "/waivers/0/rule");
  CHECK(e.line == 2);
  CHECK(e.column == 12);
  CHECK(contains(e.message, "unknown rule \"placement.levle\"; did you mean \"placement.level\"?"));
}

TEST_CASE("a prefix that matches no rule is an error") {
  Diagnostic e = only_error(waivers_json({R"("rule": "flows.*")"}));
  CHECK(e.pointer == "/waivers/0/rule");
  CHECK(contains(e.message, "prefix \"flows.*\" matches no rule; did you mean \"flow.*\"?"));
}

TEST_CASE("a star anywhere but after the last dot is an error") {
  for (const char* rule : {"*", "placement*", "*.level", "placement.*.x", ".*"}) {
    CAPTURE(rule);
    Diagnostic e = only_error(waivers_json({std::string("\"rule\": \"") + rule + "\""}));
    CHECK(e.pointer == "/waivers/0/rule");
  }
}

TEST_CASE("a key field the rule does not have is an error, even as a star") {
  Diagnostic e = only_error(waivers_json({R"("rule": "placement.missing", "node": "*")"}));
  CHECK(e.pointer == "/waivers/0/node");
  CHECK(contains(e.message, "rule \"placement.missing\" has no key \"node\"; its keys are workload"));
  Diagnostic family = only_error(waivers_json({R"("rule": "availability.*", "data": "d1")"}));
  CHECK(contains(family.message, "no rule of \"availability.*\" has key \"data\""));
}

TEST_CASE("an id the model does not have is an error with the nearest id") {
  Diagnostic e = only_error(waivers_json({R"("rule": "placement.level", "workload": "w4")"}));
  CHECK(e.pointer == "/waivers/0/workload");
  CHECK(e.line == 2);
  CHECK(e.column == 43);
  CHECK(contains(e.message, "unknown workload \"w4\"; did you mean \"w1\"?"));
  CHECK(only_error(waivers_json({R"("rule": "flow.route", "flow": "f1")"})).message ==
        "unknown flow \"f1\" (or \"*\" for any)");
}

TEST_CASE("an unknown key is an error with the nearest known key") {
  Diagnostic e = only_error(waivers_json({R"("rule": "placement.level", "aproved_by": "AO")"}));
  CHECK(e.pointer == "/waivers/0/aproved_by");
  CHECK(contains(e.message, "unknown key \"aproved_by\"; did you mean \"approved_by\"?"));
  const std::vector<Diagnostic> errors = errors_of(R"({"clearance": 1, "waiver": []})");
  REQUIRE(errors.size() == 2);  // in text order: "waivers" is missing (at the object), then the unknown key
  CHECK(errors[0].message == "missing required key \"waivers\"");
  CHECK(contains(errors[1].message, "did you mean \"waivers\"?"));
}

TEST_CASE("a missing required key is an error") {
  const std::vector<Diagnostic> errors = errors_of(R"({"clearance": 1, "waivers": [{"rule": "placement.level"}]})");
  REQUIRE(errors.size() == 4);
  for (const char* key : {"id", "justification", "approved_by", "expires"}) {
    CAPTURE(key);
    bool found = false;
    for (const Diagnostic& e : errors) found = found || e.message == std::string("missing required key \"") + key + "\"";
    CHECK(found);
  }
  CHECK(errors[0].pointer == "/waivers/0");
  CHECK(contains(only_error(R"({"clearance": 1})").message, "missing required key \"waivers\""));
}

TEST_CASE("a duplicate waiver id is an error at the second") {
  Diagnostic e = only_error(waivers_json({R"("id": "A", "rule": "placement.level")",
                                          R"("id": "A", "rule": "placement.missing")"}));
  CHECK(e.pointer == "/waivers/1/id");
  CHECK(contains(e.message, "duplicate waiver id \"A\" (also at /waivers/0/id)"));
}

TEST_CASE("an empty justification or approver is an error") {
  CHECK(only_error(waivers_json({R"("rule": "placement.level", "justification": "")"})).pointer ==
        "/waivers/0/justification");
  CHECK(only_error(waivers_json({R"("rule": "placement.level", "approved_by": "  ")"})).pointer ==
        "/waivers/0/approved_by");
  CHECK(only_error(waivers_json({R"("rule": "placement.level", "id": "")"})).pointer == "/waivers/0/id");
}

TEST_CASE("an expiry that is not a real YYYY-MM-DD date is an error") {
  struct Case {
    const char* expires;
    const char* message;
  };
  for (const Case& c : {Case{"2027-02-29", "\"2027-02-29\" is not a date: February 2027 has 28 days"},
                        Case{"2027-13-01", "\"2027-13-01\" is not a date: there is no month 13"},
                        Case{"2027-3-31", "expected a date YYYY-MM-DD, got \"2027-3-31\""},
                        Case{"2027-03-31T00:00:00Z", "expected a date YYYY-MM-DD, got \"2027-03-31T00:00:00Z\""},
                        Case{"0000-01-01", "\"0000-01-01\" is not a date: there is no year 0000"}}) {
    CAPTURE(c.expires);
    Diagnostic e = only_error(waivers_json({std::string(R"("rule": "placement.level", "expires": ")") + c.expires + "\""}));
    CHECK(e.pointer == "/waivers/0/expires");
    CHECK(e.message == c.message);
  }
  CHECK(contains(only_error(waivers_json({R"("rule": "placement.level", "expires": 20270331)"})).message,
                 "expected a string, got a number"));
}

TEST_CASE("the format version must be 1") {
  CHECK(contains(only_error(R"({"clearance": 2, "waivers": []})").message, "unsupported format version 2"));
}

TEST_CASE("every problem of a waivers file is reported at once") {
  const std::vector<Diagnostic> errors =
      errors_of(waivers_json({R"("rule": "placement.levle")", R"("rule": "placement.level", "node": "n9")",
                              R"("rule": "placement.level", "expires": "2027-02-30")"}));
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].pointer == "/waivers/0/rule");
  CHECK(errors[1].pointer == "/waivers/1/node");
  CHECK(errors[2].pointer == "/waivers/2/expires");
}

TEST_CASE("text that is not JSON is an error with its position") {
  Diagnostic e = only_error("{\"clearance\": 1, \"waivers\": [}");
  CHECK(contains(e.message, "invalid JSON"));
  CHECK(e.line == 1);
}

TEST_CASE("a waivers file that cannot be read is an I/O error") {
  try {
    load_waivers("/nonexistent/waivers.json", test_model());
    FAIL("loaded");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::io);
  }
}

// ---- reports (spec waivers-v1 §3) ------------------------------------------------------

TEST_CASE("the JSON report carries waived, waiver_expired, the waived count and the unused waivers") {
  Report report = waived_report({R"("id": "A", "rule": "placement.missing", "justification": "legacy", "approved_by": "AO", "expires": "2027-01-31")",
                                 R"("id": "B", "rule": "placement.level", "workload": "w2", "expires": "2020-01-01")",
                                 R"("id": "C", "rule": "flow.*")"});
  const std::string json = to_json(report, test_model());
  CHECK(contains(json, R"("waived": {"id": "A", "expires": "2027-01-31", "justification": "legacy", "approved_by": "AO"})"));
  CHECK(count(json, "\"waiver_expired\": \"B\"") == 1);
  CHECK(contains(json, "\"low\": 0, \"waived\": 1},\n  \"unused_waivers\": [\"C\"]\n}\n"));
}

TEST_CASE("the JSON report lists no unused waivers as an empty list") {
  Report report = waived_report({R"("rule": "placement.*")"});
  CHECK(contains(to_json(report, test_model()), "\"unused_waivers\": []"));
}

TEST_CASE("the text report shows waived findings apart and warns about waivers") {
  Report report = waived_report({R"("id": "A", "rule": "placement.missing", "expires": "2026-06-10")",
                                 R"("id": "B", "rule": "placement.level", "workload": "w2", "expires": "2020-01-01")",
                                 R"("id": "C", "rule": "flow.*")"});
  const std::string text = to_text(report, test_model());
  CHECK(contains(text, "\nWAIVED (1)\n  placement.missing [CM-8] workload `w3`\n"));
  CHECK(contains(text, "waived (medium) by waiver A, approved by AO, until 2026-06-10: accepted\n"));
  CHECK(contains(text, "    not waived: waiver B expired on 2020-01-01\n"));
  CHECK(contains(text, "\n6 findings: 5 critical, 0 high, 1 medium, 0 low; 1 waived\n"));
  CHECK(contains(text, "warning: waiver C (flow.*) matches no finding; remove it\n"));
  CHECK(contains(text, "warning: waiver B expired on 2020-01-01 (placement.level workload=w2)\n"));
  CHECK(contains(text, "warning: waiver A (placement.missing) expires in 9 days, on 2026-06-10\n"));
  CHECK(contains(text, "MEDIUM") == false);  // its only medium finding is waived
}

TEST_CASE("SARIF suppresses exactly the waived results") {
  Report report = waived_report({R"("rule": "placement.level", "workload": "w1")"});
  const std::string sarif = to_sarif(report, test_model());
  CHECK(count(sarif, "\"suppressions\"") == 4);
  CHECK(count(sarif, "\"kind\": \"external\"") == 4);
  CHECK(count(sarif, "\"status\": \"accepted\"") == 4);
  CHECK(contains(sarif, "\"waived\": 4"));
}

TEST_CASE("JUnit makes a waived finding a skipped test case") {
  Report report = waived_report({R"("rule": "placement.level", "workload": "w1", "justification": "j & k")"});
  const std::string junit = to_junit(report, test_model());
  CHECK(count(junit, "<skipped") == 4);
  CHECK(count(junit, "<failure") == 2);
  CHECK(contains(junit, "justification: j &amp; k"));
  CHECK(contains(junit, "tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"4\""));
}

TEST_CASE("OSCAL gives each finding a risk, deviation-approved with a risk log when waived") {
  Report report = waived_report({R"("id": "A", "rule": "placement.missing")"});
  const std::string oscal = to_oscal(report, test_model());
  CHECK(count(oscal, "\"status\": \"deviation-approved\"") == 1);
  CHECK(count(oscal, "\"status\": \"open\"") == 5);
  CHECK(count(oscal, "\"risk-log\"") == 1);
  CHECK(contains(oscal, "\"title\": \"Deviation approved: waiver A\""));
  CHECK(count(oscal, "\"risk-uuid\"") >= 6);
  CHECK_FALSE(contains(to_oscal(check(test_model()), test_model()), "\"risks\""));
}

TEST_CASE("HTML shows waived findings apart and flags expired waivers") {
  Report report = waived_report({R"("id": "A", "rule": "placement.missing")",
                                 R"("id": "B", "rule": "placement.level", "workload": "w2", "expires": "2020-01-01")"});
  ReportFormatOptions options;
  options.html_embeds_svg = false;
  const std::string html = to_html(report, test_model(), options);
  CHECK(contains(html, "<h2>Waived findings</h2>"));
  CHECK(contains(html, "<b>1</b>waived</div>"));
  CHECK(contains(html, "<span class=\"tag expired\">waiver B expired on 2020-01-01</span>"));
  CHECK(count(html, "<tr><td data-sort=") == 5);  // the findings table leaves the waived one out
}

TEST_CASE("the coalition cloud example's waivers give the golden reports in every format") {
  const std::string source = CLEARANCE_SOURCE_DIR;
  Model model = load_model(source + "/examples/coalition-cloud.json");
  auto waivers = std::make_shared<const Waivers>(load_waivers_json(
      read_text(source + "/examples/waivers/coalition-cloud.waivers.json"), model, "coalition-cloud.waivers.json"));
  Report report = check(model);
  WaiverOptions waiver_options;
  waiver_options.today = date("2026-12-03");
  apply_waivers(report, model, waivers, waiver_options);
  CHECK(report.summary().waived == 1);
  ReportFormatOptions options;
  options.html_embeds_svg = false;
  const std::pair<const char*, std::string> outputs[] = {
      {"text", to_text(report, model)},
      {"json", to_json(report, model)},
      {"sarif", to_sarif(report, model, options)},
      {"junit.xml", to_junit(report, model, options)},
      {"oscal.json", to_oscal(report, model, options)},
      {"html", to_html(report, model, options)},
  };
  for (const auto& [format, text] : outputs) {
    CAPTURE(format);
    const std::string golden = source + "/tests/golden/coalition-cloud.waived." + format;
    if (std::getenv("CLEARANCE_UPDATE_GOLDEN") != nullptr) std::ofstream(golden, std::ios::binary) << text;
    CHECK(text == read_text(golden));
  }
}

}  // TEST_SUITE

TEST_SUITE("date") {

TEST_CASE("a date reads and writes as YYYY-MM-DD") {
  for (const char* text : {"1970-01-01", "2000-02-29", "2027-03-31", "0001-01-01", "9999-12-31"}) {
    CAPTURE(text);
    CHECK(date(text).to_string() == text);
  }
  CHECK(date("1970-01-02").days() == 1);
  CHECK(date("1969-12-31").days() == -1);
  CHECK(date("2000-03-01").days() - date("2000-02-28").days() == 2);
}

TEST_CASE("only real calendar dates parse") {
  Date out;
  for (const char* text : {"1900-02-29", "2023-02-29", "2027-04-31", "2027-00-10", "2027-01-00", "2027-1-01",
                           "27-01-01", "2027/01/01", " 2027-01-01", "2027-01-01 ", "+2027-01-01", ""}) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text, out));
  }
  CHECK(parse_date("2024-02-29", out));
}

TEST_CASE("dates compare by day") {
  CHECK(date("2026-12-31") < date("2027-01-01"));
  CHECK(date("2027-01-01") <= date("2027-01-01"));
  CHECK(date("2027-01-01") == date("2027-01-01"));
}

TEST_CASE("today in UTC is a date after this code was written") { CHECK(Date::today_utc() > date("2026-01-01")); }

}  // TEST_SUITE
