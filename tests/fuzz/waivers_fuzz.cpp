// libFuzzer target for the waivers loader (spec waivers-v1 §1) against a small model that
// has every kind of finding key. Any bytes must either load or throw clearance::error;
// anything else (another exception, a crash, a hang, a sanitizer report) is a bug. Every
// diagnostic names a place in the text and says something. A file that loads is applied
// to the model's report and rendered in every format, and each waived finding must be
// matched by a waiver that holds.
#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>
#include <clearance/report_formats.hpp>
#include <clearance/waivers.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s\ndetail: %s\n", what, detail.c_str());
  std::abort();
}

// Findings of placement.level, .release, .missing, capacity.exceeded, link.boundary and
// flow.route: every key a waiver may name.
constexpr std::string_view model_json = R"({"clearance": 1, "name": "fuzz",
  "nodes": [{"id": "n1", "jurisdiction": "USA", "accredited": "CUI", "capacity": {"gpu": 1}},
            {"id": "n2", "jurisdiction": "GBR", "accredited": "SECRET"}],
  "links": [{"id": "l1", "from": "n1", "to": "n2"}],
  "data": [{"id": "d1", "marking": "SECRET"}],
  "workloads": [{"id": "w1", "uses": ["d1"], "resources": {"gpu": 2}}, {"id": "w2", "uses": ["d1"]}, {"id": "w3"}],
  "flows": [{"id": "f1", "from": "w1", "to": "w2", "data": "d1"}],
  "placement": {"w1": ["n1"], "w2": ["n2"]}})";

struct Fixture {
  clearance::Model model = clearance::load_model_json(model_json, "model.json");
  clearance::Report report = clearance::check(model);
};

void check_diagnostics(const clearance::input_error& e) {
  if (e.diagnostics().empty()) fail("input_error without diagnostics", e.what());
  if (e.diagnostics().size() > 100) fail("more than 100 diagnostics", std::to_string(e.diagnostics().size()));
  for (const auto& diagnostic : e.diagnostics()) {
    if (diagnostic.line == 0 || diagnostic.column == 0) fail("diagnostic without line:column", diagnostic.to_string());
    if (diagnostic.message.empty()) fail("diagnostic without a message", diagnostic.to_string());
    if (diagnostic.file != "fuzz.json") fail("diagnostic without the file name", diagnostic.to_string());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fixture;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto waivers = std::make_shared<const clearance::Waivers>(clearance::load_waivers_json(text, fixture.model, "fuzz.json"));
    clearance::Report report = fixture.report;
    clearance::WaiverOptions options;
    clearance::parse_date("2026-06-01", options.today);
    clearance::apply_waivers(report, fixture.model, waivers, options);
    for (const clearance::Finding& finding : report.findings) {
      if (!finding.is_waived()) continue;
      const clearance::Waiver& waiver = (*waivers)[finding.waiver];
      if (!waiver.matches(finding) || !waiver.holds_on(options.today)) fail("waived by a waiver that does not hold", waiver.id);
    }
    clearance::ReportFormatOptions formats;
    formats.html_embeds_svg = false;
    (void)clearance::to_json(report, fixture.model);
    (void)clearance::to_text(report, fixture.model);
    (void)clearance::to_sarif(report, fixture.model, formats);
    (void)clearance::to_junit(report, fixture.model, formats);
    (void)clearance::to_oscal(report, fixture.model, formats);
    (void)clearance::to_html(report, fixture.model, formats);
  } catch (const clearance::input_error& e) {
    check_diagnostics(e);
  } catch (const clearance::error& e) {
    fail("an error that is not an input error", e.what());
  }
  return 0;
}
