#include "commands.hpp"

#include <clearance/load.hpp>
#include <clearance/resilience.hpp>
#include <clearance/snapshot.hpp>

#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct ResilienceArguments {
  std::string model;
  std::string placement;
  std::string format = "text";
  bool availability = false;
  std::uint64_t seed = ResilienceOptions{}.seed;
  std::uint64_t samples = ResilienceOptions{}.samples;
  std::uint64_t max_label_states = ResilienceOptions{}.max_label_states;
};

}  // namespace

void add_resilience(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "resilience",
      "Single points of failure of every working flow, and with --availability the probability each keeps "
      "working (exit 0, or 2 on an input or usage error)");
  auto arguments = std::make_shared<ResilienceArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON) or snapshot")->required();
  command->add_option("--placement", arguments->placement, "Placement file replacing the model's own");
  command->add_option("--format", arguments->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--availability", arguments->availability,
                    "Add each pair's availability and the staleness of edge nodes (spec resilience-v1 §4)");
  command->add_option("--seed", arguments->seed, "Seed of the Monte-Carlo estimates")->capture_default_str();
  command->add_option("--samples", arguments->samples, "Monte-Carlo samples per pair")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();
  command->add_option("--max-label-states", arguments->max_label_states,
                      "The most (node, label) states the analysis may search for one data class; above it, exit 2 "
                      "naming the data and the guards that multiply its labels")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->callback([arguments, &status] {
    Model model = load_any_model(arguments->model);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    ResilienceOptions options;
    options.availability = arguments->availability;
    options.seed = arguments->seed;
    options.samples = arguments->samples;
    options.max_label_states = arguments->max_label_states;
    const Resilience result = resilience(model, options);
    std::cout << (arguments->format == "json" ? to_json(result, model) : to_text(result, model));
    std::cout.flush();
    status = 0;
  });
}

}  // namespace clearance::cli
