// Tests of report.hpp: spec §5's JSON, byte for byte, and the text report.
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/generate.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>

#include <sstream>
#include <string>

using namespace clearance;

namespace {

Model small_model() {
  return load_model_json(R"({"clearance": 1, "name": "small",
    "nodes": [{"id": "uk", "jurisdiction": "GBR", "accredited": "SECRET"}],
    "data": [{"id": "isr", "marking": "SECRET//NOFORN"}],
    "workloads": [{"id": "w", "uses": ["isr"], "replicas": 2}, {"id": "idle"}],
    "placement": {"w": ["uk"]}})");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("report") {

TEST_CASE("the JSON report has spec §5's keys in order, one finding per object") {
  Model model = small_model();
  Report report = check(model);
  REQUIRE(report.findings.size() == 3);
  std::string expected = R"json({
  "clearance": 1,
  "model": "small",
  "findings": [
    {
      "rule": "placement.release",
      "severity": "critical",
      "controls": ["AC-21", "PS-3(4)"],
      "workload": "w",
      "node": "uk",
      "data": "isr",
      "message": ")json" + report.findings[0].message + R"json("
    },
    {
      "rule": "availability.replicas",
      "severity": "medium",
      "controls": ["CP-7", "SC-36"],
      "workload": "w",
      "message": ")json" + report.findings[1].message + R"json("
    },
    {
      "rule": "placement.missing",
      "severity": "medium",
      "controls": ["CM-8"],
      "workload": "idle",
      "message": ")json" + report.findings[2].message + R"json("
    }
  ],
  "summary": {"findings": 3, "critical": 1, "high": 0, "medium": 2, "low": 0}
}
)json";
  CHECK(to_json(report, model) == expected);
}

TEST_CASE("a report without findings has an empty findings array and a zero summary") {
  Model model = load_model_json(R"({"clearance": 1, "name": "empty"})");
  CHECK(to_json(check(model), model) ==
        "{\n  \"clearance\": 1,\n  \"model\": \"empty\",\n  \"findings\": [],\n"
        "  \"summary\": {\"findings\": 0, \"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0}\n}\n");
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters and pass UTF-8 through") {
  Model model = load_model_json(R"({"clearance": 1, "name": "a\"b\\c\u0001\n\t é ✓ 😀"})");
  Report report;
  report.model = model.name();
  std::string json = to_json(report, model);
  CHECK(contains(json, "\"model\": \"a\\\"b\\\\c\\u0001\\n\\t é ✓ 😀\""));
}

TEST_CASE("invalid UTF-8 in a name becomes U+FFFD so that the JSON stays valid") {
  Model model = load_model_json(R"({"clearance": 1})");
  Report report;
  report.model = std::string("bad\xC3(\xFF") + "\xED\xA0\x80";  // truncated, invalid byte, surrogate
  CHECK(contains(to_json(report, model), "\"model\": \"bad\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""));
}

TEST_CASE("flow findings carry their witness path in the JSON report") {
  Model model = load_model_json(R"({"clearance": 1, "name": "flows",
    "nodes": [{"id": "a", "jurisdiction": "USA", "accredited": "SECRET"},
              {"id": "b", "jurisdiction": "USA", "accredited": "SECRET"}],
    "links": [{"id": "l", "from": "a", "to": "b"}],
    "data": [{"id": "d", "marking": "SECRET"}],
    "workloads": [{"id": "p"}, {"id": "q"}],
    "flows": [{"id": "f", "from": "p", "to": "q", "data": "d", "max_latency_ms": 1}]})");
  Report report;
  report.model = "flows";
  Finding finding;
  finding.rule = RuleId::flow_latency;
  finding.severity = Severity::medium;
  finding.flow = 0;
  finding.node = 0;
  finding.message = "slow";
  finding.path = {Hop{no_key, 0, "SECRET"}, Hop{0, 1, "SECRET"}};
  report.findings.push_back(finding);
  std::string json = to_json(report, model);
  CHECK(contains(json, R"(      "flow": "f",
      "node": "a",
      "message": "slow",
      "path": [
        {"node": "a", "label": "SECRET"},
        {"link": "l", "node": "b", "label": "SECRET"}
      ]
    })"));
}

TEST_CASE("the text report groups findings by severity and ends with a summary line") {
  Model model = small_model();
  std::string text = to_text(check(model), model, false);
  auto critical = text.find("CRITICAL (1)");
  auto medium = text.find("MEDIUM (2)");
  REQUIRE(critical != std::string::npos);
  REQUIRE(medium != std::string::npos);
  CHECK(critical < medium);
  CHECK(text.find("HIGH") == std::string::npos);
  CHECK(contains(text, "placement.release [AC-21, PS-3(4)] workload `w`, node `uk`, data `isr`"));
  CHECK(contains(text, "\n3 findings: 1 critical, 0 high, 2 medium, 0 low\n"));
  CHECK(text.find('\033') == std::string::npos);
}

TEST_CASE("the text report uses ANSI colour only when asked") {
  Model model = small_model();
  CHECK(contains(to_text(check(model), model, true), "\033[1;31mCRITICAL (1)\033[0m"));
}

TEST_CASE("a compliant model's text report says so in one line") {
  Model model = load_model_json(R"({"clearance": 1, "name": "empty"})");
  CHECK(to_text(check(model), model, false) == "clearance: model `empty`: no findings.\n");
}

TEST_CASE("write_json and write_text stream the bytes to_json and to_text return") {
  // A findings-heavy estate: a report of many blocks, with witness paths.
  GenerateOptions options{100, 1'500, 1'500, 3};
  options.violations_percent = 70;
  const Model model = load_model_json(generate_estate(options), "estate.json");
  const Report report = check(model);
  REQUIRE(report.findings.size() > 1'000);
  std::ostringstream json, text, coloured;
  write_json(json, report, model);
  write_text(text, report, model);
  write_text(coloured, report, model, true);
  CHECK(json.str().size() > 1'000'000);
  CHECK(json.str() == to_json(report, model));
  CHECK(text.str() == to_text(report, model));
  CHECK(coloured.str() == to_text(report, model, true));
  std::ostringstream compliant;
  write_json(compliant, Report{}, model);
  CHECK(compliant.str() == to_json(Report{}, model));
}

}  // TEST_SUITE
