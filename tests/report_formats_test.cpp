// The SARIF, JUnit, OSCAL, DOT and HTML reports: golden files of each example model,
// compared byte for byte with tests/golden/<example>.<format>, and the properties the
// formats promise (stable fingerprints and UUIDs, honest test counts, banner colours, a
// page that fetches nothing). After an intended change, regenerate the golden files with
//   CLEARANCE_UPDATE_GOLDEN=1 build/tests/clearance_tests -ts=report_formats
// and review the diff. Schema validation of the same reports runs as separate CTest tests
// (tests/schema/validate-reports.sh).
#include <doctest/doctest.h>

#include <clearance/check.hpp>
#include <clearance/error.hpp>
#include <clearance/load.hpp>
#include <clearance/report_formats.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>

using namespace clearance;

namespace {

const char* const examples[] = {"coalition-cloud", "coalition-enclave", "cross-domain", "edge-tactical",
                                 "nato-sovereign"};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Model load_example(const std::string& example) {
  return load_model(std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + example + ".json");
}

// The golden files depend on no installed program: the HTML shows the DOT source.
ReportFormatOptions golden_options() {
  ReportFormatOptions options;
  options.html_embeds_svg = false;
  return options;
}

ReportFormatOptions sarif_options(const SourceMap& source_map) {
  ReportFormatOptions options = golden_options();
  options.source_map = &source_map;
  return options;
}

std::string render(const std::string& format, const Report& report, const Model& model) {
  const ReportFormatOptions options = golden_options();
  if (format == "sarif") return to_sarif(report, model, options);
  if (format == "junit.xml") return to_junit(report, model, options);
  if (format == "oscal.json") return to_oscal(report, model, options);
  if (format == "dot") return to_dot(report, model);
  return to_html(report, model, options);
}

void check_golden(const std::string& format) {
  for (const char* example : examples) {
    CAPTURE(example);
    // SARIF names the model as a pipeline would, from the checkout's root.
    SourceMap source_map;
    Model model = load_model(std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + example + ".json", source_map);
    source_map.file = std::string("examples/") + example + ".json";
    const std::string text = format == "sarif" ? to_sarif(check(model), model, sarif_options(source_map))
                                               : render(format, check(model), model);
    const std::string golden = std::string(CLEARANCE_SOURCE_DIR) + "/tests/golden/" + example + "." + format;
    if (std::getenv("CLEARANCE_UPDATE_GOLDEN") != nullptr) std::ofstream(golden, std::ios::binary) << text;
    CHECK(text == read_text(golden));
  }
}

std::size_t count(const std::string& text, const std::string& pattern) {
  std::size_t found = 0;
  for (std::size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1)) ++found;
  return found;
}

// The value of the first `name="..."` attribute after `from` in `xml`.
std::string attribute_after(const std::string& xml, std::size_t from, const std::string& name) {
  std::size_t start = xml.find(" " + name + "=\"", from) + name.size() + 3;
  return xml.substr(start, xml.find('"', start) - start);
}

// A stand-in for Graphviz at `path`: answers -V, and for a drawing runs `body`.
void write_fake_dot(const std::string& path, const std::string& body) {
  {
    std::ofstream script(path);
    script << "#!/bin/sh\n[ \"$1\" = -V ] && exit 0\n" << body << "\n";
  }
  REQUIRE(std::system(("chmod +x '" + path + "'").c_str()) == 0);
}

std::string temporary_directory() { return std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp"; }

}  // namespace

TEST_SUITE("report_formats") {

TEST_CASE("each example's reports match their golden files") {
  SUBCASE("sarif") { check_golden("sarif"); }
  SUBCASE("junit") { check_golden("junit.xml"); }
  SUBCASE("oscal") { check_golden("oscal.json"); }
  SUBCASE("dot") { check_golden("dot"); }
  SUBCASE("html") { check_golden("html"); }
}

TEST_CASE("SARIF fingerprints follow the rule and keys, not the message") {
  Model model = load_example("coalition-cloud");
  Report report = check(model);
  REQUIRE(!report.findings.empty());
  const std::string before = to_sarif(report, model);
  Report reworded = report;
  for (Finding& finding : reworded.findings) finding.message = "reworded";
  const std::string after = to_sarif(reworded, model);
  std::regex fingerprint("\"clearanceFinding/v1\": \"([0-9a-f-]+)\"");
  std::vector<std::string> a, b;
  for (std::sregex_iterator i(before.begin(), before.end(), fingerprint), end; i != end; ++i) a.push_back((*i)[1]);
  for (std::sregex_iterator i(after.begin(), after.end(), fingerprint), end; i != end; ++i) b.push_back((*i)[1]);
  CHECK(a.size() == report.findings.size());
  CHECK(a == b);
  std::set<std::string> distinct(a.begin(), a.end());
  CHECK(distinct.size() == a.size());
}

TEST_CASE("write_sarif streams the bytes to_sarif returns, with and without a source map") {
  for (const char* example : examples) {
    SourceMap map;
    const Model model = load_model(std::string(CLEARANCE_SOURCE_DIR) + "/examples/" + example + ".json", map);
    const Report report = check(model);
    ReportFormatOptions options;
    std::ostringstream plain;
    write_sarif(plain, report, model, options);
    CHECK(plain.str() == to_sarif(report, model, options));
    options.source_map = &map;
    std::ostringstream located;
    write_sarif(located, report, model, options);
    CHECK(located.str() == to_sarif(report, model, options));
  }
}

TEST_CASE("SARIF levels follow severities: critical and high are errors, medium warnings") {
  Model model = load_example("coalition-cloud");
  Report report = check(model);
  const std::string sarif = to_sarif(report, model);
  const Summary summary = report.summary();
  // Each rule also states its default level once.
  std::size_t rule_errors = 0, rule_warnings = 0;
  for (const RuleInfo& rule : rule_catalogue())
    (rule.severity >= Severity::high ? rule_errors : rule_warnings) += 1;
  CHECK(count(sarif, "\"level\": \"error\"") == summary.critical + summary.high + rule_errors);
  CHECK(count(sarif, "\"level\": \"warning\"") == summary.medium + rule_warnings);
  CHECK(count(sarif, "\"ruleId\": ") == summary.findings);
}

TEST_CASE("a flow finding's route becomes a SARIF code flow") {
  Model model = load_example("edge-tactical");
  const std::string sarif = to_sarif(check(model), model);
  CHECK(count(sarif, "\"codeFlows\"") == 1);
  CHECK(sarif.find("cross `satcom-fob-1` to `il6-hub`") != std::string::npos);
}

TEST_CASE("JUnit counts every checked element, with a failure per finding") {
  Model model = load_example("coalition-cloud");
  Report report = check(model);
  const std::string junit = to_junit(report, model);
  CHECK(count(junit, "<testsuite ") == rule_count);
  std::size_t tests = 0, failures = 0;
  for (std::size_t at = junit.find("<testsuite "); at != std::string::npos; at = junit.find("<testsuite ", at + 1)) {
    tests += std::stoul(attribute_after(junit, at, "tests"));
    failures += std::stoul(attribute_after(junit, at, "failures"));
  }
  CHECK(failures == report.findings.size());
  CHECK(count(junit, "<failure ") == report.findings.size());
  CHECK(count(junit, "<testcase ") == tests);
  CHECK(tests > 10 * failures);  // passing elements count too
  // placement.missing checks every workload.
  const std::size_t suite = junit.find("<testsuite name=\"placement.missing\"");
  CHECK(attribute_after(junit, suite, "tests") == std::to_string(model.workloads().size()));
}

TEST_CASE("OSCAL UUIDs are the same for the same input and differ between models") {
  Model model = load_example("cross-domain");
  Report report = check(model);
  const std::string first = to_oscal(report, model);
  CHECK(first == to_oscal(check(model), model));
  Report renamed = report;
  renamed.model = "another-model";
  const std::string second = to_oscal(renamed, model);
  std::regex uuid("\"uuid\": \"([0-9a-f-]{36})\"");
  std::smatch a, b;
  REQUIRE(std::regex_search(first, a, uuid));
  REQUIRE(std::regex_search(second, b, uuid));
  CHECK(a[1] != b[1]);
  CHECK(std::string(a[1]).substr(14, 1) == "5");  // version 5
}

TEST_CASE("OSCAL findings target the controls, satisfied or not") {
  Model model = load_example("coalition-cloud");
  const std::string oscal = to_oscal(check(model), model);
  CHECK(oscal.find("\"control-id\": \"sc-8.1\"") != std::string::npos);
  CHECK(oscal.find("\"target-id\": \"ac-4_obj\"") != std::string::npos);
  CHECK(oscal.find("\"title\": \"AC-4 Information Flow Enforcement\"") != std::string::npos);
  // link.boundary fired, so SC-7 is not satisfied; nothing cites SC-8(1) here.
  CHECK(count(oscal, "\"state\": \"not-satisfied\"") > 0);
  CHECK(count(oscal, "\"state\": \"satisfied\"") > 0);
  CHECK(count(oscal, "\"type\": \"objective-id\"") == 22);
}

TEST_CASE("the timestamp option is checked and used") {
  Model model = load_example("edge-tactical");
  Report report = check(model);
  ReportFormatOptions options;
  SUBCASE("a well-formed time appears in OSCAL and JUnit") {
    options.timestamp = "2026-03-01T12:30:00Z";
    CHECK(to_oscal(report, model, options).find("\"collected\": \"2026-03-01T12:30:00Z\"") != std::string::npos);
    CHECK(to_junit(report, model, options).find("timestamp=\"2026-03-01T12:30:00\"") != std::string::npos);
  }
  SUBCASE("a malformed time is a usage error") {
    for (const char* bad : {"yesterday", "2026-03-01 12:30:00Z", "2026-13-01T12:30:00Z", "2026-02-29T12:30:00Z", "2026-03-01T12:30:00"}) {
      CAPTURE(bad);
      options.timestamp = bad;
      try {
        (void)to_oscal(report, model, options);
        FAIL("no error");
      } catch (const error& e) {
        CHECK(e.kind() == ErrorKind::usage);
      }
    }
  }
}

TEST_CASE("the diagram fills nodes with the banner colour of their accreditation") {
  Model model = load_example("coalition-cloud");
  const std::string dot = to_dot(check(model), model);
  auto node_line = [&](const std::string& id) {
    std::size_t at = dot.find("    \"" + id + "\" [");
    REQUIRE(at != std::string::npos);
    return dot.substr(at, dot.find('\n', at) - at);
  };
  CHECK(node_line("us-east-il2").find("#007A33") != std::string::npos);     // UNCLASSIFIED green
  CHECK(node_line("us-east-il5").find("#502B85") != std::string::npos);     // CUI purple
  CHECK(node_line("us-east-il6").find("#C8102E") != std::string::npos);     // SECRET red
  CHECK(node_line("us-ts-east").find("#FCE83A") != std::string::npos);      // TS//SI/TK yellow
  CHECK(node_line("edge-fob-alpha").find("shape=component") != std::string::npos);
  CHECK(node_line("us-east-il6").find("shape=box") != std::string::npos);
  // Nodes with findings are outlined and counted; placed workloads are listed.
  CHECK(node_line("us-mpe").find("peripheries=2") != std::string::npos);
  CHECK(node_line("us-mpe").find("[1 finding]") != std::string::npos);
  CHECK(node_line("us-mpe").find("mpe-targeting") != std::string::npos);
  CHECK(node_line("us-east-il2").find("peripheries") == std::string::npos);
  CHECK(dot.find("subgraph cluster_") != std::string::npos);
  CHECK(dot.find("arrowtail=\"tee\"") != std::string::npos);     // a diode
  CHECK(dot.find("arrowhead=\"odiamond\"") != std::string::npos);  // a guard
}

TEST_CASE("the HTML page fetches nothing and escapes what it shows") {
  Model model = load_example("coalition-cloud");
  Report report = check(model);
  report.findings.front().message = "<script>alert('x')</script> & more";
  const std::string html = to_html(report, model, golden_options());
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more") != std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(count(html, "<article id=\"finding-") == report.findings.size());
}

TEST_CASE("XML reports replace invalid UTF-8 and forbidden control characters") {
  Model model = load_example("edge-tactical");
  Report report = check(model);
  report.findings.front().message = std::string("bad \xFF byte, bell \x07, ok \xC3\xA9");
  const std::string junit = to_junit(report, model);
  CHECK(junit.find("bad \xEF\xBF\xBD byte, bell \xEF\xBF\xBD, ok \xC3\xA9") != std::string::npos);
}

TEST_CASE("SVG comes from Graphviz when it is installed") {
  Model model = load_example("cross-domain");
  Report report = check(model);
  ReportFormatOptions options;
  options.html_embeds_svg = true;
  SUBCASE("a missing program is an io error") {
    options.dot_program = "clearance-no-such-graphviz";
    CHECK_FALSE(graphviz_available(options));
    try {
      (void)to_svg(report, model, options);
      FAIL("no error");
    } catch (const error& e) {
      CHECK(e.kind() == ErrorKind::io);
    }
    // The HTML page falls back to the DOT source.
    CHECK(to_html(report, model, options).find("<pre class=\"diagram\">") != std::string::npos);
  }
  SUBCASE("dot draws it") {
    if (!graphviz_available(options)) {
      MESSAGE("Graphviz's dot is not installed: SVG not tested");
      return;
    }
    const std::string svg = to_svg(report, model, options);
    CHECK(svg.find("<svg") != std::string::npos);
    // Graphviz writes the hyphen of `ts-sci` as a character reference.
    CHECK((svg.find("ts-sci") != std::string::npos || svg.find("ts&#45;sci") != std::string::npos));
    CHECK(to_html(report, model, options).find("<div class=\"diagram\">\n<svg") != std::string::npos);
  }
}

TEST_CASE("the HTML page runs no program unless the caller asks for the SVG diagram") {
  Model model = load_example("cross-domain");
  Report report = check(model);
  const std::string directory = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  const std::string marker = directory + "/clearance-html-ran-dot";
  const std::string program = directory + "/clearance-fake-dot";
  std::remove(marker.c_str());
  {
    std::ofstream script(program);
    script << "#!/bin/sh\ntouch '" << marker << "'\nexit 1\n";
  }
  REQUIRE(std::system(("chmod +x '" + program + "'").c_str()) == 0);
  ReportFormatOptions options;
  options.dot_program = program;
  CHECK(to_html(report, model, options).find("<pre class=\"diagram\">") != std::string::npos);
  CHECK_FALSE(std::ifstream(marker).good());
  options.html_embeds_svg = true;
  (void)to_html(report, model, options);
  CHECK(std::ifstream(marker).good());
  std::remove(marker.c_str());
  std::remove(program.c_str());
}

TEST_CASE("a model with more nodes and links than the diagram limit is not drawn, and the error says why") {
  Model model = load_example("cross-domain");
  Report report = check(model);
  const std::string marker = temporary_directory() + "/clearance-large-ran-dot";
  const std::string program = temporary_directory() + "/clearance-fake-dot-large";
  std::remove(marker.c_str());
  write_fake_dot(program, "touch '" + marker + "'\nexit 1");
  ReportFormatOptions options;
  options.dot_program = program;
  options.html_embeds_svg = true;
  options.diagram_max_elements = 3;
  const std::string counts = std::to_string(model.nodes().size()) + " nodes and " +
                             std::to_string(model.links().size()) + " links, more than the 3 that are drawn";
  try {
    (void)to_svg(report, model, options);
    FAIL("no error");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find(counts) != std::string::npos);
  }
  const std::string html = to_html(report, model, options);
  CHECK(html.find("The diagram is left out: the model has " + counts) != std::string::npos);
  CHECK(html.find("<pre class=\"diagram\">") == std::string::npos);  // no DOT source either
  CHECK(html.find("id=\"findings\"") != std::string::npos);          // the rest of the page is there
  CHECK_FALSE(std::ifstream(marker).good());
  std::remove(program.c_str());
}

TEST_CASE("a model at the diagram limit is still drawn") {
  Model model = load_example("cross-domain");
  ReportFormatOptions options;
  options.diagram_max_elements = model.nodes().size() + model.links().size();
  CHECK(to_html(check(model), model, options).find("<pre class=\"diagram\">") != std::string::npos);
}

TEST_CASE("a dot that runs past the time limit is killed and the error says so") {
  Model model = load_example("cross-domain");
  Report report = check(model);
  const std::string program = temporary_directory() + "/clearance-fake-dot-slow";
  write_fake_dot(program, "exec sleep 30");
  ReportFormatOptions options;
  options.dot_program = program;
  options.dot_time_limit_s = 0.3;
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)to_svg(report, model, options);
    FAIL("no error");
  } catch (const error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(std::string(e.what()).find("did not draw the diagram within 0.3 s and was stopped") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  // The HTML page says so, and shows the DOT source instead.
  options.html_embeds_svg = true;
  const std::string html = to_html(report, model, options);
  CHECK(html.find("within 0.3 s and was stopped") != std::string::npos);
  CHECK(html.find("<pre class=\"diagram\">") != std::string::npos);
  std::remove(program.c_str());
}

TEST_CASE("clearance check writes each format to --output") {
  const std::string source = CLEARANCE_SOURCE_DIR;
  const std::string output = std::string(std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp") +
                             "/clearance-report-formats-test.out";
  Model model = load_example("edge-tactical");
  const Report report = check(model);
  ReportFormatOptions options;
  options.timestamp = "2026-05-04T03:02:01Z";
  // SARIF names the model relative to the working directory, here the root directory.
  SourceMap source_map;
  load_model(source + "/examples/edge-tactical.json", source_map);
  source_map.file = source.substr(1) + "/examples/edge-tactical.json";
  ReportFormatOptions sarif_options = options;
  sarif_options.source_map = &source_map;
  for (const char* format : {"sarif", "junit", "oscal", "dot"}) {
    CAPTURE(format);
    std::remove(output.c_str());
    const std::string command = "cd / && " + std::string(CLEARANCE_CLI) + " check " + source +
                                "/examples/edge-tactical.json --timestamp 2026-05-04T03:02:01Z --format " + format +
                                " --output " + output;
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);  // the example has findings
    const std::string expected = std::string(format) == "sarif"   ? to_sarif(report, model, sarif_options)
                                 : std::string(format) == "junit" ? to_junit(report, model, options)
                                 : std::string(format) == "oscal" ? to_oscal(report, model, options)
                                                                  : to_dot(report, model);
    CHECK(read_text(output) == expected);
  }
  std::remove(output.c_str());
  const std::string bad = std::string(CLEARANCE_CLI) + " check " + source +
                          "/examples/edge-tactical.json --format oscal --timestamp yesterday > /dev/null 2>&1";
  const int status = std::system(bad.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
}

}  // TEST_SUITE

namespace {

// The first byte offset in `text` of something XML 1.0 forbids (a control character other
// than tab, newline and carriage return, U+FFFE, U+FFFF, invalid UTF-8), or npos.
std::size_t first_non_xml(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (length == 0 || i + length > text.size()) return i;
    if (text.compare(i, 3, "\xEF\xBF\xBE") == 0 || text.compare(i, 3, "\xEF\xBF\xBF") == 0) return i;
    i += length;
  }
  return std::string::npos;
}

// A model whose free-text name carries C0 controls, DEL and a noncharacter.
Model model_with_control_characters() {
  return load_model_json(R"({"clearance": 1, "name": "a\u0001b\u001b[2J\u007f\uffff",
    "nodes": [{"id": "uk", "jurisdiction": "GBR", "accredited": "SECRET"}],
    "data": [{"id": "isr", "marking": "SECRET//NOFORN"}],
    "workloads": [{"id": "w", "uses": ["isr"]}],
    "placement": {"w": ["uk"]}})");
}

}  // namespace

TEST_SUITE("report_formats") {

TEST_CASE("JUnit, HTML and DOT of a model named with control characters carry no character XML forbids") {
  Model model = model_with_control_characters();
  Report report = check(model);
  ReportFormatOptions options;
  options.html_embeds_svg = false;
  CHECK(first_non_xml(to_junit(report, model)) == std::string::npos);
  CHECK(first_non_xml(to_html(report, model, options)) == std::string::npos);
  CHECK(first_non_xml(to_dot(report, model)) == std::string::npos);
}

TEST_CASE("the SVG Graphviz draws for a model named with control characters is well-formed XML") {
  if (!graphviz_available() || std::system("xmllint --version >/dev/null 2>&1") != 0) return;
  Model model = model_with_control_characters();
  Report report = check(model);
  const std::string svg = to_svg(report, model);
  CHECK(first_non_xml(svg) == std::string::npos);
  const std::string path = (std::filesystem::temp_directory_path() / "clearance-control-characters.svg").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << svg;
  }
  CHECK(std::system(("xmllint --noout '" + path + "'").c_str()) == 0);
  std::filesystem::remove(path);
}

}
