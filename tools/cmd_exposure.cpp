#include "commands.hpp"
#include "output_files.hpp"

#include <clearance/atomic_file.hpp>
#include <clearance/error.hpp>
#include <clearance/exposure_html.hpp>
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>

#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct ExposureArguments {
  std::string model;
  std::string capture;
  std::string placement;
  std::string format = "text";
  std::string output;
  bool rank = false;
  std::uint64_t max_label_states = ExposureOptions{}.max_label_states;
};

std::string render(const ExposureArguments& arguments, const ExposureReport& report, const Model& model) {
  // The page always opens with the ranking; --rank changes only text and JSON.
  if (arguments.rank && arguments.format != "html")
    return arguments.format == "json" ? ranking_to_json(report, model) : ranking_to_text(report, model);
  if (arguments.format == "json") return to_json(report, model);
  if (arguments.format == "html") {
    ReportFormatOptions options;
    options.html_embeds_svg = true;  // the command line may run Graphviz; the library does not unasked
    return to_html(report, model, options);
  }
  return to_text(report, model);
}

}  // namespace

void add_exposure(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "exposure",
      "Show what an adversary gets who captures a node: data at rest (exposed or protected), flows through it "
      "with their labels, and a summary; every edge node by default (exit 0, or 2 on an input or usage error)");
  auto arguments = std::make_shared<ExposureArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON)")->required();
  command->add_option("--capture", arguments->capture, "The node captured, as node:ID (default: every edge node)");
  command->add_option("--placement", arguments->placement, "Placement file replacing the model's own");
  command->add_option("--format", arguments->format,
                      "Output format; html: one self-contained page, a section per capture with the routes through "
                      "it drawn on the estate diagram (runs Graphviz's `dot`)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  command->add_flag("--rank", arguments->rank,
                    "Rank the captures by what they expose (highest level, then exposed data, then owners)");
  command->add_option("-o,--output", arguments->output, "Write the report to this file (atomically) instead of stdout");
  command->add_option("--max-label-states", arguments->max_label_states,
                      "The most (node, label) states the routes in transit may search for one data class; above it, exit 2 "
                      "naming the data and the guards that multiply its labels")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->callback([arguments, &status] {
    refuse_overwriting_inputs(arguments->output, "--output", {arguments->model, arguments->placement});
    std::string_view capture = arguments->capture;
    if (!capture.empty() && capture.substr(0, 5) != "node:")
      throw error(ErrorKind::usage, "--capture takes a node, written node:ID; got \"" + arguments->capture + "\"");
    Model model = load_any_model(arguments->model);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    ExposureOptions options;
    options.max_label_states = arguments->max_label_states;
    const ExposureReport report =
        capture.empty() ? exposure(model, options) : exposure(model, capture.substr(5), options);
    if (arguments->output.empty() && !arguments->rank && arguments->format != "html") {
      // Streamed: every edge node of an estate may pass gigabytes of entries.
      if (arguments->format == "json")
        write_json(std::cout, report, model);
      else
        write_text(std::cout, report, model);
    } else {
      const std::string text = render(*arguments, report, model);
      if (arguments->output.empty())
        std::cout << text;
      else
        write_file_atomically(arguments->output, text);
    }
    status = 0;
  });
}

}  // namespace clearance::cli
