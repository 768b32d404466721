#include "commands.hpp"

#include <clearance/explain_flow.hpp>
#include <clearance/load.hpp>
#include <clearance/snapshot.hpp>

#include <iostream>
#include <memory>

namespace clearance::cli {

namespace {

struct ExplainFlowArguments {
  std::string model;
  std::string flow;
  std::string placement;
  std::uint64_t max_label_states = ExplainFlowOptions{}.max_label_states;
};

}  // namespace

void add_explain_flow(CLI::App& app, int& status) {
  auto* command = app.add_subcommand(
      "explain-flow",
      "Show, per source node, how a flow is routed or where it breaks, hop by hop (exit 0, or 2 on an input error)");
  auto arguments = std::make_shared<ExplainFlowArguments>();
  command->add_option("MODEL", arguments->model, "Model file (JSON)")->required();
  command->add_option("FLOW", arguments->flow, "Flow id")->required();
  command->add_option("--placement", arguments->placement, "Placement file replacing the model's own");
  command->add_option("--max-label-states", arguments->max_label_states,
                      "The most (node, label) states the flow's routes may search for one data class; above it, exit 2 "
                      "naming the data and the guards that multiply its labels")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->callback([arguments, &status] {
    Model model = load_any_model(arguments->model);
    if (!arguments->placement.empty()) model.set_placement(load_placement(arguments->placement, model));
    ExplainFlowOptions options;
    options.max_label_states = arguments->max_label_states;
    const FlowExplanation explanation = explain_flow(model, arguments->flow, options);
    std::cout << to_text(explanation, model);
    status = 0;
  });
}

}  // namespace clearance::cli
