#include "commands.hpp"
#include "output_files.hpp"

#include <clearance/atomic_file.hpp>
#include <clearance/load.hpp>
#include <clearance/place.hpp>
#include <clearance/snapshot.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct PlaceArguments {
  std::string model;
  std::string placement;
  std::string mode = "fill";
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;
  double time_limit_s = PlaceOptions{}.time_limit_s;
};

}  // namespace

void add_place(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "place",
      "Place every workload it can, at least cost, and say why not for the rest (exit 0: every workload placed, "
      "1: some unplaced, 2: input or usage error)");
  auto arguments = std::make_shared<PlaceArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON) or snapshot")->required();
  command->add_option("--placement", arguments->placement, "Current placement file replacing the model's own");
  command->add_option("--mode", arguments->mode, "fill: keep what is placed cleanly; replan: every workload may move")
      ->check(CLI::IsMember({"fill", "replan"}))
      ->capture_default_str();
  command->add_option("--format", arguments->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_option("--output", arguments->output,
                      "Write the placement (workload id -> node ids) to this file, atomically; check --placement reads it");
  command->add_option("--jobs", arguments->jobs, "Threads, 0 for one per processor")
      ->check(CLI::Range(0u, 1024u))
      ->capture_default_str();
  command->add_option("--time-limit", arguments->time_limit_s,
                      "Seconds of wall-clock time for the whole command, loading included: the search stops early "
                      "enough to leave time for the rest (the first placement and the explanations always finish)")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  command->callback([arguments, &status] {
    const auto started = std::chrono::steady_clock::now();
    // The placement file may be replaced by its successor (place, then check, then place
    // again); the model may not.
    refuse_overwriting_inputs(arguments->output, "--output", {arguments->model});
    const Model model = load_any_model(arguments->model);
    PlaceOptions options;
    parse_place_mode(arguments->mode, options.mode);
    options.jobs = arguments->jobs;
    if (!arguments->placement.empty()) options.placement = load_placement(arguments->placement, model);
    // The limit bounds the command: what loading took, and a little for the report, is
    // not the search's.
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    options.time_limit_s = std::max(0.0, arguments->time_limit_s - spent - 0.05 - 2e-6 * double(model.workloads().size()));
    const PlaceResult result = place(model, options);
    if (!arguments->output.empty()) write_file_atomically(arguments->output, placement_json(result, model));
    std::cout << (arguments->format == "json" ? to_json(result, model) : to_text(result, model));
    std::cout.flush();
    status = result.all_placed() ? 0 : 1;
  });
}

}  // namespace clearance::cli
