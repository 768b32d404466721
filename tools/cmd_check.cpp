#include "commands.hpp"
#include "output_files.hpp"
#include "waiver_options.hpp"

#include <clearance/atomic_file.hpp>
#include <clearance/check.hpp>
#include <clearance/load.hpp>
#include <clearance/report.hpp>
#include <clearance/report_formats.hpp>
#include <clearance/snapshot.hpp>
#include <clearance/terminal_text.hpp>
#include <clearance/whatif.hpp>

#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <iostream>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>
#include <unistd.h>

namespace clearance::cli {

namespace {

struct CheckArguments {
  std::string model;
  std::string placement;
  std::string format = "text";
  std::string fail_on = "low";
  std::string output;                               // empty: standard output
  std::string timestamp = ReportFormatOptions{}.timestamp;  // "now": the current time
  std::string min_severity = "low";
  unsigned jobs = 1;
  std::uint64_t max_label_states = FlowCheckOptions::default_max_label_states;
  std::string down;  // resilience-v1 §2: node:X,link:Y
  WaiverArguments waivers;
  std::size_t diagram_limit = ReportFormatOptions{}.diagram_max_elements;
  double dot_time_limit = ReportFormatOptions{}.dot_time_limit_s;
};

// Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
bool stdout_wants_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return isatty(STDOUT_FILENO) == 1;
}

std::string current_utc_time() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// A model path as reports name it: relative to the working directory (a pipeline's
// checkout) when the file is below it, so that SARIF viewers find it in the repository.
std::string path_for_report(const std::string& path) {
  if (path.empty() || !std::filesystem::path(path).is_absolute()) return path;
  std::error_code error;
  const std::filesystem::path relative =
      std::filesystem::path(path).lexically_normal().lexically_relative(std::filesystem::current_path(error));
  if (error || relative.empty() || *relative.begin() == "..") return path;
  return relative.generic_string();
}

std::string render(const std::string& format, const Report& report, const Model& model,
                   const ReportFormatOptions& options, bool colour) {
  if (format == "json") return to_json(report, model);
  if (format == "sarif") return to_sarif(report, model, options);
  if (format == "junit") return to_junit(report, model, options);
  if (format == "oscal") return to_oscal(report, model, options);
  if (format == "dot") return to_dot(report, model);
  if (format == "svg") return to_svg(report, model, options);
  if (format == "html") return to_html(report, model, options);
  return to_text(report, model, colour);
}

// The formats a report can be streamed in, written to `out` as they are made (a report of
// a findings-heavy estate runs to tens of megabytes); the others are rendered whole.
void stream(std::ostream& out, const std::string& format, const Report& report, const Model& model,
            const ReportFormatOptions& options, bool colour) {
  if (format == "json")
    write_json(out, report, model);
  else if (format == "sarif")
    write_sarif(out, report, model, options);
  else if (format == "text")
    write_text(out, report, model, colour);
  else
    out << render(format, report, model, options, colour);
}

// The process ends soon after the report: what the check built is left for the operating
// system to take back with the process instead of being freed block by block (a 100k
// model is hundreds of thousands of blocks, 2% of its check). Reachable from here, so that
// leak checkers (the sanitizer build's tests) do not count it.
template <typename T>
void keep_until_exit(T&& value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>;
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

}  // namespace

void add_check(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "check",
      "Check a model against the rules (exit 0: no finding at or above --fail-on that is not waived, 1: findings, 2: input or usage error)");
  auto arguments = std::make_shared<CheckArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON)")->required();
  command->add_option("--placement", arguments->placement,
                      "Placement file (JSON object: workload id -> [node id, ...]) replacing the model's own");
  command->add_option("--format", arguments->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "oscal", "dot", "svg", "html"}))
      ->capture_default_str();
  command->add_option("--output", arguments->output, "Write the report to this file (atomically) instead of standard output");
  command->add_option("--timestamp", arguments->timestamp,
                      "When the check ran, for junit, oscal, sarif and html: UTC YYYY-MM-DDTHH:MM:SSZ, or `now`; "
                      "the fixed default keeps reports reproducible")
      ->capture_default_str();
  command->add_option("--fail-on", arguments->fail_on, "Lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}))
      ->capture_default_str();
  command->add_option("--min-severity", arguments->min_severity, "Leave findings below this severity out of the report")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}))
      ->capture_default_str();
  command->add_option("--jobs", arguments->jobs, "Threads to check with, 0 for one per processor; the report does not depend on it")
      ->check(CLI::Range(0u, 1024u))
      ->capture_default_str();
  command->add_option("--max-label-states", arguments->max_label_states,
                      "The most (node, label) states the flow rules may search for one data class; above it, exit 2 "
                      "naming the data and the guards that multiply its labels")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--down", arguments->down,
                      "Check with these elements down: node:ID,link:ID,... (removed, as spec resilience-v1 §1 says)");
  command->add_option("--diagram-limit", arguments->diagram_limit,
                      "svg and html: draw the diagram only for models with at most this many nodes and links together "
                      "(Graphviz's layout time grows much faster than the diagram)")
      ->capture_default_str();
  command->add_option("--dot-time-limit", arguments->dot_time_limit,
                      "svg and html: seconds Graphviz's dot may run before it is stopped")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
  add_waiver_options(*command, arguments->waivers);
  command->callback([arguments, &status] {
    refuse_overwriting_inputs(arguments->output, "--output",
                              {arguments->model, arguments->placement, arguments->waivers.file});
    Severity threshold = Severity::low;
    parse_severity(arguments->fail_on, threshold);  // CLI11 has checked the spelling
    // SARIF points at lines of the model: only it needs the loader's positions.
    SourceMap source_map;
    Model model = arguments->format == "sarif" ? load_any_model(arguments->model, source_map)
                                               : load_any_model(arguments->model);
    source_map.file = path_for_report(source_map.file);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    const LoadedWaivers waivers = load_waiver_arguments(arguments->waivers, model);
    CheckOptions check_options;
    check_options.jobs = arguments->jobs;
    check_options.max_label_states = arguments->max_label_states;
    parse_severity(arguments->min_severity, check_options.min_severity);
    check_options.waivers = waivers.waivers;
    check_options.waiver_options = waivers.options;
    Report report = arguments->down.empty()
                        ? check(model, check_options)
                        : check_down(model, parse_element_list(model, arguments->down), check_options);
    ReportFormatOptions options;
    options.html_embeds_svg = true;  // the command line may run Graphviz; the library does not unasked
    options.timestamp = arguments->timestamp == "now" ? current_utc_time() : arguments->timestamp;
    options.source_map = &source_map;
    options.diagram_max_elements = arguments->diagram_limit;
    options.dot_time_limit_s = arguments->dot_time_limit;
    if (arguments->output.empty()) {
      stream(std::cout, arguments->format, report, model, options, stdout_wants_colour());
      std::cout.flush();
    } else {
      write_file_atomically(arguments->output, [&](std::ostream& out) {
        stream(out, arguments->format, report, model, options, false);
      });
    }
    // The text report lists these itself; for other formats a person may still be watching.
    if (arguments->format != "text")
      for (const std::string& warning : waiver_warnings(report, model)) std::cerr << "warning: " << terminal_safe(warning) << '\n';
    // Waived findings do not count (spec waivers-v1 §2).
    status = report.has_findings_at_or_above(threshold) ? 1 : 0;
    keep_until_exit(std::move(report));
    keep_until_exit(std::move(model));
  });
}

}  // namespace clearance::cli
